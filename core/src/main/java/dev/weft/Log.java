package dev.weft;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Weft's log lines, in one place so their wording stays consistent. */
final class Log {
    static final Logger LOG = LoggerFactory.getLogger("dev.weft");

    private Log() {
    }

    static void neverRetrieved(TaskImpl<?> task, Throwable failure) {
        LOG.warn("Task exception was never retrieved: task '{}' in scope '{}' failed",
                task.name(), task.scope.name(), failure);
    }

    static void callbackFailed(TaskImpl<?> task, Throwable t) {
        LOG.warn("completion callback of task '{}' threw", task.name(), t);
    }
}

package dev.weft;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Weft's log lines, in one place so their wording stays consistent.
 *
 * <p>A failure that nobody retrieved is reported here and nowhere else, so it must reach a person
 * even where logging is not set up: when SLF4J has no provider (its no-operation logger would drop
 * the line), such a failure is printed on stderr instead, once, and the first one is followed by a
 * note saying how to route these warnings to a logger.
 */
final class Log {
    static final Logger LOG = LoggerFactory.getLogger("dev.weft");

    /** True when SLF4J found no provider: every line sent to {@link #LOG} would be dropped. */
    private static final boolean NO_PROVIDER = LOG instanceof NOPLogger;

    private static final AtomicBoolean HINTED = new AtomicBoolean();

    private Log() {}

    static void neverRetrieved(TaskImpl<?> task, Throwable failure) {
        String message =
                "Task exception was never retrieved: task '"
                        + task.name()
                        + "' in scope '"
                        + task.scope.name()
                        + "' failed";
        if (NO_PROVIDER) {
            toStderr(message, failure);
        } else {
            LOG.warn(message, failure);
        }
    }

    static void callbackFailed(TaskImpl<?> task, Throwable t) {
        String message = "completion callback of task '" + task.name() + "' threw";
        if (NO_PROVIDER) {
            toStderr(message, t);
        } else {
            LOG.warn(message, t);
        }
    }

    static void timerActionFailed(Throwable t) {
        String message = "a deadline action of a virtual clock threw";
        if (NO_PROVIDER) {
            toStderr(message, t);
        } else {
            LOG.warn(message, t);
        }
    }

    /** A hint, not a failure: virtual time has not moved for a long while under real work. */
    static void virtualTimeStalled(String message) {
        LOG.warn(message);
    }

    /**
     * Prints one warning and its stack trace as one block, and the routing note after the first.
     */
    private static void toStderr(String message, Throwable failure) {
        PrintStream err = System.err;
        synchronized (err) {
            err.println("WARN dev.weft - " + message);
            failure.printStackTrace(err);
            if (HINTED.compareAndSet(false, true)) {
                err.println(
                        "(Weft printed this warning on stderr because SLF4J has no provider on the class path,"
                                + " and a failure nobody retrieved must not be lost. Add an SLF4J provider, for example"
                                + " ch.qos.logback:logback-classic or org.slf4j:slf4j-simple, to route Weft's warnings"
                                + " (logger \"dev.weft\") to your logging instead.)");
            }
        }
    }
}

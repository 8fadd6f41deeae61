package dev.weft;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Captures what Weft logs while a test runs, for the test to assert on; close it to detach. While
 * it captures, Weft's lines reach only the capture, not the console: a warning a test provokes on
 * purpose is checked, not printed into the build log.
 */
final class LogCapture implements AutoCloseable {
    private final Logger logger = (Logger) LoggerFactory.getLogger("dev.weft");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final boolean additive = logger.isAdditive();

    LogCapture() {
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    @Override
    public void close() {
        logger.setAdditive(additive);
        logger.detachAppender(appender);
        appender.stop();
    }
}

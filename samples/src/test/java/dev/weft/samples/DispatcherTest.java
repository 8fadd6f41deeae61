package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

class DispatcherTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyJobIsDoneOnceWithinTheConnectionLimitAfterTheConfigurationAndWithItsContext()
            throws Exception {
        Captured run = Captured.run(Dispatcher::main);

        assertEquals(
                List.of(
                        "dispatcher: the 4 workers waited for the configuration (pool=2) before their first job",
                        "dispatcher: 18 jobs done, 6 urgent and 12 normal, taken from two channels by one select loop",
                        "dispatcher: never more than 2 jobs held a database connection at once (2 connections)",
                        "dispatcher: each of the 18 audits saw its job's id through the context and the MDC"),
                run.out().texts());
        assertEquals(List.of(), run.err().texts(), "nothing on stderr at the tour's log level");
    }
}

package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Weft registers its JFR events when Flight Recorder starts, not at the first fork (which started
 * Flight Recorder and cost every program hundreds of milliseconds). Needs a fresh JVM: in this one
 * another test may have started Flight Recorder already.
 */
class JfrStartupTest {

    @Test
    @Timeout(120)
    void theFirstForkDoesNotStartFlightRecorderAndALaterRecordingSeesWeftsEvents(@TempDir Path dir)
            throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // class loading is logged to stdout, in order with the child's own lines
        Process child =
                new ProcessBuilder(
                                java,
                                "-Xlog:class+load=info:stdout",
                                "-cp",
                                System.getProperty("java.class.path"),
                                JfrStartupChild.class.getName(),
                                dir.resolve("r.jfr").toString())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(100, TimeUnit.SECONDS), out);
        assertEquals(0, child.exitValue(), out);
        int firstFork = out.indexOf("first fork done; recorder initialized: false");
        assertTrue(firstFork > 0, "the first fork left Flight Recorder alone");
        // Flight Recorder's event registry is what registering an event class sets up (the
        // expensive part): it must not be loaded before the program starts a recording
        int registry = out.indexOf("jdk.jfr.internal.MetadataRepository ");
        assertTrue(
                registry < 0 || registry > firstFork,
                "the first fork loaded Flight Recorder's event registry");
        assertTrue(
                out.contains("fork recorded: true"),
                "a recording started later sees Weft's events");
    }
}

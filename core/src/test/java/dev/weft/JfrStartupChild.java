package dev.weft;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link JfrStartupTest} in a fresh JVM: Weft's first fork must not start Flight Recorder,
 * and a recording started afterwards must still see Weft's events. Prints one line per finding.
 */
public final class JfrStartupChild {
    private JfrStartupChild() {}

    /**
     * Forks, checks, records, checks.
     *
     * @param args the file to dump the recording to
     * @throws Exception if anything fails
     */
    public static void main(String[] args) throws Exception {
        Weft.scope(s -> s.fork("before-recording", () -> 1));
        System.out.println(
                "first fork done; recorder initialized: " + FlightRecorder.isInitialized());
        System.out.flush();
        Path file = Path.of(args[0]);
        try (Recording r = new Recording()) {
            r.enable("dev.weft.Task");
            r.start();
            Weft.scope(s -> s.fork("during-recording", () -> 1));
            r.stop();
            r.dump(file);
        }
        boolean seen =
                RecordingFile.readAllEvents(file).stream()
                        .anyMatch(
                                e ->
                                        e.getEventType().getName().equals("dev.weft.Task")
                                                && "during-recording".equals(e.getString("task"))
                                                && "fork".equals(e.getString("action")));
        System.out.println("fork recorded: " + seen);
        Files.deleteIfExists(file);
    }
}

package dev.weft.bench;

import java.util.List;

/**
 * Where and how a run happened, printed at the top of every report.
 *
 * @param date the run's start, ISO-8601 UTC
 * @param machine CPU model, core count and memory
 * @param os operating system and kernel
 * @param jdk the JDK that ran the Java side (vendor, version)
 * @param python the Python that ran the asyncio peers, or a note that it was missing
 * @param command the exact command that produced the report
 * @param mode {@code "full"} or {@code "quick"}
 * @param notes remarks gathered during the run (skipped peers, installed packages)
 */
public record RunInfo(
        String date,
        String machine,
        String os,
        String jdk,
        String python,
        String command,
        String mode,
        List<String> notes) {

    /** Copies the notes. */
    public RunInfo {
        notes = List.copyOf(notes);
    }
}

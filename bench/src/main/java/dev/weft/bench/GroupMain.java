package dev.weft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one in-JVM comparison group ({@link Groups}) in this JVM: warm-up, then interleaved rounds
 * ({@link Rounds}). {@link InProcessSuite} starts one such JVM per group, every group with the same
 * JVM flags, and reads its standard output:
 *
 * <pre>
 * NOTE text
 * FIGURE caseId bytesPerUnit cpuNsPerUnit nsPerUnit(round 1) nsPerUnit(round 2) ...
 * </pre>
 *
 * <p>Arguments: {@code GROUP ROUNDS SLICE_MS PARTS WARMUP_MS WARMUP_PASSES [CASE_REGEX]}; the
 * optional regex keeps only matching cases (for profiling one implementation under JFR).
 */
public final class GroupMain {
    private GroupMain() {}

    /**
     * Runs the group.
     *
     * @param args see the type's documentation
     * @throws Exception if a case fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            throw new IllegalArgumentException(
                    "usage: GroupMain GROUP ROUNDS SLICE_MS PARTS WARMUP_MS WARMUP_PASSES [CASE_REGEX]");
        }
        Rounds.Settings settings =
                new Rounds.Settings(
                        Integer.parseInt(args[1]),
                        Long.parseLong(args[2]),
                        Integer.parseInt(args[3]),
                        Long.parseLong(args[4]),
                        Integer.parseInt(args[5]));
        Groups.Group group = Groups.create(args[0]);
        List<Rounds.Case> cases = new ArrayList<>(group.cases());
        if (args.length > 6) {
            cases.removeIf(c -> !c.id().matches(args[6]));
        }
        Rounds rounds = new Rounds(settings);
        List<String> notes = new ArrayList<>();
        try {
            Map<String, Double> estimate = rounds.warmUp(cases);
            if (group.afterWarmUp() != null) {
                group.afterWarmUp().accept(estimate, notes);
            }
            Map<String, Rounds.Measured> measured = rounds.measure(cases);
            for (String n : notes) {
                System.out.println("NOTE " + n);
            }
            for (Map.Entry<String, Rounds.Measured> e : measured.entrySet()) {
                StringBuilder sb =
                        new StringBuilder("FIGURE ")
                                .append(e.getKey())
                                .append(' ')
                                .append(
                                        String.format(
                                                Locale.ROOT,
                                                "%.3f %.3f",
                                                e.getValue().bytesPerUnit(),
                                                e.getValue().cpuNanosPerUnit()));
                for (double s : e.getValue().nanosPerUnit()) {
                    sb.append(' ').append(String.format(Locale.ROOT, "%.4f", s));
                }
                System.out.println(sb);
            }
        } finally {
            for (AutoCloseable r : group.resources()) {
                r.close();
            }
        }
        System.out.flush();
        System.exit(0); // a leftover virtual thread of a peer must not keep the JVM up
    }
}

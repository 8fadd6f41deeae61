package dev.weft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One row group of the results: Weft's figure beside each peer's, in one unit, with the ratio
 * stated explicitly.
 *
 * <p>The ratio is always Weft's advantage: for a cost (time, memory; {@code lowerIsBetter}) it is
 * {@code peer / Weft}; for a throughput it is {@code Weft / peer}. Above 1 Weft is better, below
 * 1 the peer is.
 *
 * @param name what is compared, for example {@code "fork+join 100 no-op tasks"}
 * @param unit the unit of every figure, for example {@code "µs/task"}
 * @param lowerIsBetter whether the figures are costs (true) or throughputs (false)
 * @param weft Weft's figure
 * @param peers each peer's figure, ratio and target
 * @param note how it was measured, and why a peer or target is missing; may be empty
 */
public record Comparison(String name, String unit, boolean lowerIsBetter, Figure weft,
        List<PeerResult> peers, String note) {

    /**
     * One peer's figure and Weft's advantage over it.
     *
     * @param figure the peer's figure
     * @param ratio Weft's advantage: {@code peer / Weft} for costs, {@code Weft / peer} for throughputs
     * @param target the goal for this ratio, or null if the issue sets none
     */
    public record PeerResult(Figure figure, double ratio, Target target) {

        /**
         * Whether the target is met; true when there is none.
         *
         * @return whether met
         */
        public boolean met() {
            return target == null || target.metBy(ratio);
        }
    }

    /** Validates and copies. */
    public Comparison {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(weft, "weft");
        peers = List.copyOf(peers);
        note = note == null ? "" : note;
    }

    /**
     * How the ratio of this comparison is defined, in words.
     *
     * @return the definition, as written into the JSON
     */
    public String ratioMeaning() {
        return lowerIsBetter ? "peer / Weft (cost): above 1 means Weft is cheaper or faster"
                : "Weft / peer (throughput): above 1 means Weft does more per second";
    }

    /**
     * Builds a comparison, computing each ratio.
     *
     * @param name what is compared
     * @param unit the unit
     * @param lowerIsBetter whether figures are costs
     * @param weft Weft's figure
     * @param note how it was measured; may be empty
     * @param peers each peer's figure and target; those whose figure is null (the peer could
     *     not run) are left out
     * @return the comparison
     */
    public static Comparison of(String name, String unit, boolean lowerIsBetter, Figure weft, String note,
            List<Peer> peers) {
        List<PeerResult> rows = new ArrayList<>();
        for (Peer p : peers) {
            if (p.figure() == null) {
                continue;
            }
            double v = p.figure().value();
            double ratio = lowerIsBetter ? v / weft.value() : weft.value() / v;
            rows.add(new PeerResult(p.figure(), ratio, p.target()));
        }
        return new Comparison(name, unit, lowerIsBetter, weft, rows, note);
    }

    /**
     * A peer to compare with, before the ratio is known.
     *
     * @param figure the peer's figure, or null if it did not run
     * @param target its goal, or null if the issue sets none
     */
    public record Peer(Figure figure, Target target) {
    }
}

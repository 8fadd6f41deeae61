package dev.weft.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One row group of the results: Weft's figure beside each peer's, in one unit, with the ratio
 * stated explicitly and whether the two are told apart at all.
 *
 * <p>The ratio is always Weft's advantage: for a cost (time, memory; {@code lowerIsBetter}) it is
 * {@code peer / Weft}; for a throughput it is {@code Weft / peer}. Above 1 Weft is better, below 1
 * the peer is. It is taken between medians; the range beside it is what the two spreads allow at
 * the extremes (for a cost, {@code peer.min / Weft.max} to {@code peer.max / Weft.min}), so it
 * contains 1 exactly when the spreads overlap and the comparison is unclear. Where both figures
 * come from the same rounds (an in-JVM group, or processes alternating), the ratio is also taken
 * round by round ({@link PeerResult#paired()}): load that hits a whole round hits both sides of it,
 * so this range shows how repeatable the ratio itself is.
 *
 * @param name what is compared, for example {@code "fork+join of 100 no-op tasks"}
 * @param unit the unit of every figure, for example {@code "µs/task"}
 * @param lowerIsBetter whether the figures are costs (true) or throughputs (false)
 * @param weft Weft's figure
 * @param peers each peer's figure, ratio and target
 * @param note how it was measured, and why a peer or target is missing; may be empty
 */
public record Comparison(
        String name,
        String unit,
        boolean lowerIsBetter,
        Figure weft,
        List<PeerResult> peers,
        String note) {

    /** Whether a target is met, judged on the spreads and not only on the medians. */
    public enum Verdict {
        /** Met even at the unfavourable ends of both spreads. */
        MET,
        /** Missed even at the favourable ends of both spreads. */
        MISSED,
        /**
         * The spreads straddle the target: the median says one thing, the noise allows the other.
         */
        UNCLEAR
    }

    /**
     * One peer's figure and Weft's advantage over it.
     *
     * @param figure the peer's figure
     * @param ratio Weft's advantage between the medians
     * @param low the smallest advantage the spreads allow
     * @param high the largest advantage the spreads allow
     * @param paired the advantage round by round, or null when the rounds do not pair up
     * @param target the goal for this ratio, or null if the issues set none
     */
    public record PeerResult(
            Figure figure, double ratio, double low, double high, Spread paired, Target target) {

        /**
         * Whether the spreads of Weft and this peer are apart (the rule: overlapping
         * spreads make a comparison unclear).
         *
         * @return true if they do not overlap
         */
        public boolean clear() {
            return low > 1 || high < 1;
        }

        /**
         * Whether the median ratio meets the target; true when there is none.
         *
         * @return whether the medians meet it
         */
        public boolean met() {
            return target == null || target.metBy(ratio);
        }

        /**
         * The target's verdict on the spreads, or null without a target.
         *
         * @return MET, MISSED or UNCLEAR
         */
        public Verdict verdict() {
            if (target == null) {
                return null;
            }
            if (target.metBy(low)) {
                return Verdict.MET;
            }
            if (!target.metBy(high)) {
                return Verdict.MISSED;
            }
            return Verdict.UNCLEAR;
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
        return lowerIsBetter
                ? "peer / Weft (cost): above 1 means Weft is cheaper or faster"
                : "Weft / peer (throughput): above 1 means Weft does more per second";
    }

    /**
     * Builds a comparison, computing each ratio and its range.
     *
     * @param name what is compared
     * @param unit the unit
     * @param lowerIsBetter whether figures are costs
     * @param weft Weft's figure
     * @param note how it was measured; may be empty
     * @param peers each peer's figure and target; those whose figure is null (the peer could not
     *     run) are left out
     * @return the comparison
     */
    public static Comparison of(
            String name,
            String unit,
            boolean lowerIsBetter,
            Figure weft,
            String note,
            List<Peer> peers) {
        List<PeerResult> rows = new ArrayList<>();
        Spread w = weft.spread();
        for (Peer p : peers) {
            if (p.figure() == null) {
                continue;
            }
            Spread s = p.figure().spread();
            double ratio = lowerIsBetter ? s.median() / w.median() : w.median() / s.median();
            double low = lowerIsBetter ? s.min() / w.max() : w.min() / s.max();
            double high = lowerIsBetter ? s.max() / w.min() : w.max() / s.min();
            Spread paired = null;
            double[] ws = w.samples();
            double[] ps = s.samples();
            if (p.sameRounds() && ws.length == ps.length && ws.length > 1) {
                double[] r = new double[ws.length];
                for (int i = 0; i < r.length; i++) {
                    r[i] = lowerIsBetter ? ps[i] / ws[i] : ws[i] / ps[i];
                }
                paired = Spread.of(r);
            }
            rows.add(new PeerResult(p.figure(), ratio, low, high, paired, p.target()));
        }
        return new Comparison(name, unit, lowerIsBetter, weft, rows, note);
    }

    /**
     * A peer to compare with, before the ratio is known.
     *
     * @param figure the peer's figure, or null if it did not run
     * @param target its goal, or null if the issues set none
     * @param sameRounds whether its samples were taken in the same rounds as Weft's (interleaved),
     *     so that they pair up round by round
     */
    public record Peer(Figure figure, Target target, boolean sameRounds) {
        /**
         * A peer measured in the same rounds as Weft.
         *
         * @param figure the peer's figure, or null if it did not run
         * @param target its goal, or null if the issues set none
         */
        public Peer(Figure figure, Target target) {
            this(figure, target, true);
        }
    }
}

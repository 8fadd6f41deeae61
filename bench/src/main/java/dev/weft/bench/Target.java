package dev.weft.bench;

/**
 * A goal of issue 18 (or of an earlier issue), expressed on the advantage ratio of a {@link
 * Comparison} (peer cost over Weft cost: above 1 means Weft is better).
 *
 * @param minRatio the smallest advantage that meets the goal
 * @param text the goal as the issue states it
 */
public record Target(double minRatio, String text) {

    /**
     * Whether {@code ratio} meets this goal.
     *
     * @param ratio the measured advantage
     * @return true if met
     */
    public boolean metBy(double ratio) {
        return ratio >= minRatio;
    }
}

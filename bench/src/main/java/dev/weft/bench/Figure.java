package dev.weft.bench;

/**
 * One measured figure: who was measured and what came out.
 *
 * @param name the implementation measured, for example {@code "Weft"} or {@code "SynchronousQueue"}
 * @param value the figure, in the unit of its comparison
 * @param error the half-width of its 99.9% confidence interval in the same unit, or NaN if unknown
 */
public record Figure(String name, double value, double error) {

    /**
     * A figure without a known error.
     *
     * @param name who was measured
     * @param value the figure
     * @return the figure
     */
    public static Figure of(String name, double value) {
        return new Figure(name, value, Double.NaN);
    }
}

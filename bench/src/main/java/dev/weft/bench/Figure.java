package dev.weft.bench;

import java.util.Objects;

/**
 * One implementation's result in a comparison: its samples (one per round) and, where measured, the
 * heap bytes it allocated per unit.
 *
 * @param name the implementation measured, for example {@code "Weft"} or {@code "SynchronousQueue"}
 * @param spread its samples, in the unit of its comparison
 * @param allocated heap bytes allocated per unit (median over the rounds), or NaN if not measured
 * @param cpu CPU time of the whole process per unit, in the comparison's unit (median over the
 *     rounds), or NaN if not measured: it counts every thread's work and no waiting, so it is
 *     steadier than elapsed time on a busy machine
 */
public record Figure(String name, Spread spread, double allocated, double cpu) {

    /** Validates. */
    public Figure {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spread, "spread");
    }

    /**
     * A figure of samples without an allocation count.
     *
     * @param name who was measured
     * @param samples one sample per round
     * @return the figure
     */
    public static Figure of(String name, double... samples) {
        return new Figure(name, Spread.of(samples), Double.NaN, Double.NaN);
    }

    /**
     * The figure that ratios use: the median.
     *
     * @return the median sample
     */
    public double value() {
        return spread.median();
    }
}

package dev.weft.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The samples of one implementation in one comparison (one per round), summarised as median and
 * min–max. Two implementations are told apart only when their spreads do not overlap.
 *
 * <p>Immutable; the sample array is copied in and out. Samples must be finite.
 *
 * @param median the median sample
 * @param min the smallest sample
 * @param max the largest sample
 * @param samples every sample, in the order measured
 */
public record Spread(double median, double min, double max, double[] samples) {

    /** Validates and copies. */
    public Spread {
        Objects.requireNonNull(samples, "samples");
        samples = samples.clone();
        if (samples.length == 0) {
            throw new IllegalArgumentException("samples is empty");
        }
    }

    /**
     * Summarises samples.
     *
     * @param samples one or more finite samples
     * @return their median and min–max
     * @throws IllegalArgumentException if there are none or one is not finite
     */
    public static Spread of(double... samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("samples is empty");
        }
        double[] sorted = samples.clone();
        for (double s : sorted) {
            if (!Double.isFinite(s)) {
                throw new IllegalArgumentException("sample " + s + " is not finite");
            }
        }
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Spread(median, sorted[0], sorted[n - 1], samples);
    }

    /**
     * Whether the two ranges share a value: the implementations are not told apart.
     *
     * @param other the other spread
     * @return true if {@code [min, max]} and {@code [other.min, other.max]} intersect
     */
    public boolean overlaps(Spread other) {
        return !(max < other.min || other.max < min);
    }

    /**
     * How many samples.
     *
     * @return the number of rounds
     */
    public int rounds() {
        return samples.length;
    }

    @Override
    public double[] samples() {
        return samples.clone();
    }

    /**
     * The spread's width relative to its median: (max − min) / median.
     *
     * @return the relative width, 0 for a single sample
     */
    public double relativeWidth() {
        return median == 0 ? 0 : (max - min) / median;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Spread s && Arrays.equals(samples, s.samples);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "%.4g [%.4g–%.4g] n=%d", median, min, max, samples.length);
    }
}

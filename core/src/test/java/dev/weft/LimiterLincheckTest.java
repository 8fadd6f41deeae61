package dev.weft;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Optional;

/**
 * Lincheck checks that a limiter's non-blocking acquire and its counters are linearizable and never
 * hand out more permits than it has. (Release is not an operation here: a permit passed between
 * threads through a side structure would make the test itself non-atomic.) Runs in the {@code
 * lincheck} profile only.
 */
@Tag("lincheck")
public class LimiterLincheckTest {
    private final Limiter limiter = new Limiter(2);

    /**
     * Takes a permit if one is free, and keeps it.
     *
     * @return whether a permit was taken
     */
    @Operation
    public boolean tryAcquire() {
        Optional<Limiter.Permit> p = limiter.tryAcquire();
        return p.isPresent();
    }

    /**
     * Permits in use.
     *
     * @return the count
     */
    @Operation
    public int inUse() {
        return limiter.inUse();
    }

    /**
     * Free permits.
     *
     * @return the count, never negative nor above 2
     */
    @Operation
    public int available() {
        int a = limiter.available();
        if (a < 0 || a > 2) {
            throw new IllegalStateException("available " + a);
        }
        return a;
    }

    @Test
    void modelChecking() {
        // check() throws with the failing interleaving when the history is not linearizable
        assertDoesNotThrow(
                () ->
                        new ModelCheckingOptions()
                                .iterations(20)
                                .invocationsPerIteration(300)
                                .check(LimiterLincheckTest.class));
    }

    @Test
    void stress() {
        // check() throws with the failing interleaving when the history is not linearizable
        assertDoesNotThrow(
                () ->
                        new StressOptions()
                                .iterations(10)
                                .invocationsPerIteration(500)
                                .check(LimiterLincheckTest.class));
    }
}

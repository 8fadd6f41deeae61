package dev.weft;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that a bounded channel's non-blocking operations are linearizable: every
 * concurrent history it explores must match some sequential order of the same calls. Runs in the
 * {@code lincheck} profile only ({@code mvn -B -pl core verify -Plincheck}).
 */
@Tag("lincheck")
public class ChannelLincheckTest {
    private final Channel<Integer> channel = Channel.bounded(2);

    /**
     * Offers an element without waiting.
     *
     * @param x the element
     * @return whether it was accepted
     */
    @Operation
    public boolean trySend(@Param(gen = IntGen.class, conf = "1:9") int x) {
        return channel.trySend(x);
    }

    /**
     * Takes an element without waiting.
     *
     * @return the element, or null
     */
    @Operation
    public Integer tryReceive() {
        return channel.tryReceive().orElse(null);
    }

    /**
     * Closes the channel.
     *
     * @return whether this call closed it
     */
    @Operation
    public boolean close() {
        return channel.close();
    }

    /**
     * The buffered count.
     *
     * @return the size
     */
    @Operation
    public int size() {
        return channel.size();
    }

    /**
     * Whether the channel is closed and drained.
     *
     * @return done
     */
    @Operation
    public boolean isDone() {
        return channel.isDone();
    }

    @Test
    void modelChecking() {
        // check() throws with the failing interleaving when the history is not linearizable
        assertDoesNotThrow(
                () ->
                        new ModelCheckingOptions()
                                .iterations(20)
                                .invocationsPerIteration(300)
                                .check(ChannelLincheckTest.class));
    }

    @Test
    void stress() {
        // check() throws with the failing interleaving when the history is not linearizable
        assertDoesNotThrow(
                () ->
                        new StressOptions()
                                .iterations(10)
                                .invocationsPerIteration(500)
                                .check(ChannelLincheckTest.class));
    }
}

package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.weft.internal.ArgumentRules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

/**
 * One wording for a refused integer argument, in core and in the modules that borrow the rule
 * ({@link ArgumentRules}): the argument's name, what is wrong, the value — as the duration rule
 * words it. Before, {@code Weft.map} said "concurrency must be at least 1: 0" and {@code
 * Flows.channel} "prefetch must be at least 1: 0" where {@code Limiter} said "permits is not
 * positive: 0", and io had four more wordings.
 */
class ArgumentRuleTest {

    private static void assertRefused(String message, Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void coreRefusesIntegerArgumentsWithOneWording() {
        assertRefused("capacity is negative: -1", () -> Channel.bounded(-1));
        assertRefused("permits is not positive: 0", () -> new Limiter(0));
        assertRefused("concurrency is not positive: 0", () -> Weft.map(List.of(1), 0, x -> x));
        assertRefused(
                "concurrency is not positive: -3", () -> Weft.forEach(List.of(1), -3, x -> {}));
        assertRefused(
                "prefetch is not positive: 0", () -> Weft.run(() -> Flows.channel(s -> {}, 0)));
        assertRefused("buffer is negative: -1", () -> Weft.run(() -> Generator.start(-1, e -> {})));
    }

    @Test
    void theSharedRulesNameTheArgumentAndShowTheValue() {
        assertRefused("n is negative: -1", () -> ArgumentRules.requireNonNegative(-1, "n"));
        assertRefused(
                "bytes is negative: -5", () -> ArgumentRules.requireNonNegative(-5L, "bytes"));
        assertRefused("max is not positive: 0", () -> ArgumentRules.requirePositive(0, "max"));
        assertRefused("max is not positive: -9", () -> ArgumentRules.requirePositive(-9L, "max"));
        assertRefused(
                "port is out of range 1..65535: 0",
                () -> ArgumentRules.requireInRange(0, 1, 65535, "port"));
        assertRefused(
                "port is out of range 1..65535: 65536",
                () -> ArgumentRules.requireInRange(65536, 1, 65535, "port"));
        assertEquals(0, ArgumentRules.requireNonNegative(0, "n"));
        assertEquals(Long.MAX_VALUE, ArgumentRules.requireNonNegative(Long.MAX_VALUE, "n"));
        assertEquals(1, ArgumentRules.requirePositive(1, "n"));
        assertEquals(Integer.MAX_VALUE, ArgumentRules.requirePositive(Integer.MAX_VALUE, "n"));
        assertEquals(65535, ArgumentRules.requireInRange(65535, 1, 65535, "port"));
        assertEquals(1, ArgumentRules.requireInRange(1, 1, 65535, "port"));
    }
}

package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class RoundsTest {

    @Test
    void casesAlternateInPartsAndTheOrderRotatesEveryRound() throws Exception {
        List<String> order = new ArrayList<>();
        Rounds.Case a = new Rounds.Case("a", 1, reps -> order.add("a"));
        Rounds.Case b = new Rounds.Case("b", 1, reps -> order.add("b"));
        Rounds.Case c = new Rounds.Case("c", 1, reps -> order.add("c"));
        Rounds rounds = new Rounds(new Rounds.Settings(3, 1, 2, 0, 1));
        rounds.warmUp(List.of(a, b, c));
        order.clear();
        Map<String, Rounds.Measured> m = rounds.measure(List.of(a, b, c));
        // each part runs each case until 0.5 ms have passed; collapse repeats to see the order
        List<String> collapsed = new ArrayList<>();
        for (String s : order) {
            if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(s)) {
                collapsed.add(s);
            }
        }
        assertEquals(
                List.of(
                        "a", "b", "c", "a", "b", "c", // round 1, parts 1 and 2
                        "b", "c", "a", "b", "c", "a", // round 2 starts one later
                        "c", "a", "b", "c", "a", "b"),
                collapsed);
        assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()));
        for (Rounds.Measured r : m.values()) {
            assertEquals(3, r.nanosPerUnit().length, "one sample per round");
            for (double ns : r.nanosPerUnit()) {
                assertTrue(ns > 0 && Double.isFinite(ns), "ns " + ns);
            }
        }
    }

    @Test
    void aSampleIsElapsedTimeDividedByTheUnitsDone() throws Exception {
        // each operation busy-waits 200 µs and counts as 100 units: 2,000 ns per unit at least
        Rounds.Case slow =
                new Rounds.Case(
                        "slow",
                        100,
                        reps -> {
                            for (int i = 0; i < reps; i++) {
                                Rounds.spin(200_000);
                            }
                        });
        Rounds rounds = new Rounds(new Rounds.Settings(2, 5, 1, 1, 1));
        rounds.warmUp(List.of(slow));
        for (double ns : rounds.measure(List.of(slow)).get("slow").nanosPerUnit()) {
            assertTrue(
                    ns >= 2_000,
                    "a unit of a 200 µs operation of 100 units costs at least 2 µs: " + ns);
        }
    }

    @Test
    void warmUpGrowsBatchesOfTinyOperations() throws Exception {
        int[] largest = new int[1];
        Rounds.Case tiny =
                new Rounds.Case("tiny", 1, reps -> largest[0] = Math.max(largest[0], reps));
        new Rounds(new Rounds.Settings(1, 10, 1, 20, 2)).warmUp(List.of(tiny));
        assertTrue(largest[0] > 1, "batches grew to " + largest[0]);
    }
}

package dev.weft.samples;

import static dev.weft.samples.Timing.assertBetween;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FailingSiblingTest {
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void theDeclinedCardCancelsEverySiblingAndGrandchild() throws Exception {
        List<String> expected = new ArrayList<>();
        expected.add("at the moment of failure:");
        expected.addAll(tree("RUNNING"));
        expected.add("checkout failed: card declined");
        expected.add("after the scope closed:");
        expected.addAll(tree("CANCELLED"));
        Timing.assertTimedRun(FailingSibling::run, expected,
                rec -> assertBetween(rec.elapsed(), 0.2, 5.0, "the checkout (its siblings would sleep 10 s)"));
    }

    private static List<String> tree(String siblings) {
        return List.of(
                "checkout (scope)",
                "+-- load-user " + siblings,
                "+-- load-cart " + siblings,
                "|   `-- cart (scope)",
                "|       +-- price-1 " + siblings,
                "|       +-- price-2 " + siblings,
                "|       `-- price-3 " + siblings,
                "`-- charge-card FAILED");
    }
}

package dev.weft.samples;

import static dev.weft.samples.Timing.assertBetween;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FailingSiblingTest {
    @Test
    @Timeout(value = 40, unit = TimeUnit.SECONDS)
    void theDeclinedCardCancelsEverySiblingAndGrandchild() throws Exception {
        LineRecorder rec = Captured.run(FailingSibling::main).out();

        List<String> normalized = rec.texts().stream()
                .map(line -> line.replaceAll("\\d+\\.\\d{3}s", "_s")
                        .replaceAll("thread=#\\d+", "thread=#_")
                        .replaceAll("owner=\\S+", "owner=_"))
                .toList();
        assertEquals(List.of(
                "task tree at the moment of failure:",
                "scope 'run' open _s owner=_",
                "└─ task 'main' RUNNING thread=#_ main joining scope 'checkout'",
                "   └─ scope 'checkout' open _s owner=_",
                "      ├─ task 'load-user' RUNNING thread=#_ load-user",
                "      ├─ task 'load-cart' RUNNING thread=#_ load-cart joining scope 'cart'",
                "      │  └─ scope 'cart' open _s owner=_",
                "      │     ├─ task 'price-1' RUNNING thread=#_ price-1",
                "      │     ├─ task 'price-2' RUNNING thread=#_ price-2",
                "      │     └─ task 'price-3' RUNNING thread=#_ price-3",
                "      └─ task 'charge-card' FAILED thread=#_ charge-card",
                "checkout failed: card declined",
                "load-user CANCELLED",
                "load-cart CANCELLED",
                "price-1 CANCELLED",
                "price-2 CANCELLED",
                "price-3 CANCELLED",
                "charge-card FAILED"), normalized);
        assertBetween(rec.elapsed(), 0.2, 8.0, "the checkout (its siblings would sleep 10 s)");
    }
}

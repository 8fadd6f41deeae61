package dev.weft.bench;

import dev.weft.Weft;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A race of {@code contenders}: the first returns at once, the others sleep until cancelled, so the
 * cost of cancelling and waiting for the losers is measured too. {@code Weft.race} beside {@code
 * invokeAny} and the preview {@code StructuredTaskScope} with {@code anySuccessfulResultOrThrow}.
 *
 * <p>Thread safety: stateless after construction.
 */
final class RaceWork {
    private final List<Callable<Integer>> calls;
    private final StructuredPeer structured;

    RaceWork(int contenders) {
        this.calls = Work.raceContenders(contenders);
        this.structured = Peers.hasStructured() ? Peers.structured() : null;
    }

    Integer weftRace() {
        return Weft.race(calls);
    }

    Integer executorInvokeAny() throws InterruptedException, ExecutionException {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            return ex.invokeAny(calls);
        }
    }

    Integer structuredTaskScope() throws Exception {
        return structured.race(calls);
    }
}

package dev.weft.io.files.internal;

import dev.weft.TaskFailedException;
import dev.weft.Weft;
import dev.weft.internal.Cancellations;

import java.io.IOException;
import java.util.List;

/*
 * Bounded fan-out for the multi-file helpers, on core's Weft.map: each item on its own virtual
 * thread in a fail-fast scope, at most `concurrency` at once (tasks start only as permits free up),
 * results in input order; the first failure cancels the rest; no task outlives the call; a
 * cancelled caller gets CancelledException. The file helpers are lambda-friendly inside, but their
 * public signatures throw IOException, so the IOException that core wraps in TaskFailedException
 * is unwrapped here.
 */
public final class Fan {
    private Fan() {}

    @FunctionalInterface
    public interface IoFunction<T, R> {
        R apply(T item) throws IOException;
    }

    public static <T, R> List<R> map(
            List<? extends T> items,
            int concurrency,
            String what,
            IoFunction<? super T, ? extends R> fn)
            throws IOException {
        Cancellations.checkpoint();
        try {
            return Weft.map(items, concurrency, fn::apply);
        } catch (TaskFailedException e) {
            e.rethrowIf(IOException.class);
            throw e;
        }
    }
}

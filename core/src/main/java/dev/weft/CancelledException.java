package dev.weft;

import org.jspecify.annotations.Nullable;

import java.io.Serial;
import java.util.Objects;

/**
 * Thrown when a task, a scope or a blocking Weft call was cancelled: the counterpart of asyncio's
 * {@code CancelledError} and Trio's {@code Cancelled}.
 *
 * <p>Cancellation in Weft is interruption of the task's virtual thread plus a sticky cancelled flag
 * that carries a reason. Weft's cancellation points ({@link Weft#sleep}, {@link Weft#checkpoint},
 * every blocking Weft call) throw this exception instead of the checked {@link
 * InterruptedException}, so cancellable code needs no {@code throws} clause. A task that ends by
 * throwing it is {@link Task.State#CANCELLED}, never {@link Task.State#FAILED}.
 *
 * <p>Catching it is allowed (a task that catches its cancellation and returns a value succeeds, as
 * in asyncio), but the cancellation stays in force: the next Weft cancellation point of the same
 * task throws again.
 *
 * <p>Instances are immutable once thrown and safe to share between threads. The reason is never
 * {@code null}.
 */
public class CancelledException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    /** Why the work was cancelled; never {@code null}. */
    private final String reason;

    /**
     * Creates a cancellation with the given reason.
     *
     * @param reason why the work was cancelled, for logs and the task tree
     * @throws NullPointerException if {@code reason} is null
     */
    public CancelledException(String reason) {
        super(Objects.requireNonNull(reason, "reason"));
        this.reason = reason;
    }

    /**
     * Creates a cancellation with the given reason and cause (usually the {@link
     * InterruptedException} that signalled it).
     *
     * @param reason why the work was cancelled
     * @param cause the underlying signal, or {@code null}
     * @throws NullPointerException if {@code reason} is null
     */
    public CancelledException(String reason, @Nullable Throwable cause) {
        super(Objects.requireNonNull(reason, "reason"), cause);
        this.reason = reason;
    }

    /**
     * Returns why the work was cancelled, for example {@code "sibling 'fetch-2' failed"} or {@code
     * "deadline of 2s expired"}.
     *
     * @return the reason, never {@code null}
     */
    public String reason() {
        return reason;
    }
}

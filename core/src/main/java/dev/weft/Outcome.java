package dev.weft;

import java.util.Objects;

/**
 * How a task ended: with a value, with a failure, or cancelled. Returned by {@link
 * Weft#gatherSettled} (asyncio's {@code return_exceptions=True}) and {@link Task#outcome()}.
 *
 * <p>Switch over it with patterns:
 *
 * <pre>{@code
 * switch (outcome) {
 *     case Outcome.Success<String>(var value) -> use(value);
 *     case Outcome.Failure<String>(var error) -> log(error);
 *     case Outcome.Cancelled<String>(var reason) -> skip(reason);
 * }
 * }</pre>
 *
 * <p>Outcomes are immutable. A success value may be {@code null}; failures and reasons are not.
 *
 * @param <T> the task's result type
 */
public sealed interface Outcome<T> {

    /**
     * The task returned a value.
     *
     * @param value the value, possibly {@code null}
     * @param <T> the result type
     */
    record Success<T>(T value) implements Outcome<T> {}

    /**
     * The task threw.
     *
     * @param error what it threw, exactly as thrown (checked exceptions are not wrapped here)
     * @param <T> the result type
     */
    record Failure<T>(Throwable error) implements Outcome<T> {
        /**
         * Validates the error.
         *
         * @throws NullPointerException if {@code error} is null
         */
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * The task was cancelled before it produced a value.
     *
     * @param reason why it was cancelled
     * @param <T> the result type
     */
    record Cancelled<T>(String reason) implements Outcome<T> {
        /**
         * Validates the reason.
         *
         * @throws NullPointerException if {@code reason} is null
         */
        public Cancelled {
            Objects.requireNonNull(reason, "reason");
        }
    }
}

package dev.weft;

import java.io.Serial;
import java.util.Objects;

/**
 * Carries a task's <em>checked</em> exception to a joiner, as its {@linkplain #getCause() cause}.
 *
 * <p>Unchecked exceptions and errors reach the joiner as themselves, so that {@code catch
 * (IllegalStateException e)} works like Python's {@code except ValueError}; only checked
 * exceptions, which a lambda-friendly API cannot rethrow directly, are wrapped here. Use {@link
 * #rethrowIf(Class)} to get the checked exception back:
 *
 * <pre>{@code
 * try {
 *     Weft.gather(() -> Files.readString(a), () -> Files.readString(b));
 * } catch (TaskFailedException e) {
 *     e.rethrowIf(IOException.class);
 *     throw e;
 * }
 * }</pre>
 *
 * <p>Instances are immutable once thrown.
 */
public class TaskFailedException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * Wraps a checked exception.
     *
     * @param message which task failed
     * @param cause the checked exception
     * @throws NullPointerException if {@code cause} is null
     */
    public TaskFailedException(String message, Exception cause) {
        super(message, Objects.requireNonNull(cause, "cause"));
    }

    /**
     * Throws the cause if it is an instance of {@code type}; returns normally otherwise.
     *
     * @param type the checked exception type to unwrap
     * @param <X> that type
     * @throws X the cause, when it is an instance of {@code type}
     * @throws NullPointerException if {@code type} is null
     */
    public <X extends Exception> void rethrowIf(Class<X> type) throws X {
        Objects.requireNonNull(type, "type");
        if (type.isInstance(getCause())) {
            throw type.cast(getCause());
        }
    }
}

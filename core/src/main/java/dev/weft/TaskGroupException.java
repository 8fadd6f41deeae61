package dev.weft;

import java.io.Serial;
import java.util.List;

/**
 * Several failures reported together, like Python's {@code ExceptionGroup}: thrown by the join of a
 * {@link FailurePolicy#SUPERVISE supervising} scope that had failures, and by {@link Weft#race}
 * when every contender failed.
 *
 * <p>{@link #failures()} lists every failure in the order the tasks failed, each exactly as the
 * task threw it; the first is the cause and the others are attached as suppressed exceptions, so
 * that a logged stack trace shows them all.
 *
 * <p>Instances are immutable once thrown.
 */
public final class TaskGroupException extends RuntimeException {
    @Serial private static final long serialVersionUID = 1L;

    private final transient List<Throwable> failures;

    /**
     * Creates the group.
     *
     * @param message what failed, for example {@code "2 tasks failed in scope 'crawl'"}
     * @param failures the failures, at least one
     * @throws IllegalArgumentException if {@code failures} is empty
     * @throws NullPointerException if {@code failures} is or contains null
     */
    public TaskGroupException(String message, List<? extends Throwable> failures) {
        super(
                message,
                java.util.Objects.requireNonNull(failures, "failures").isEmpty()
                        ? null
                        : failures.get(0));
        if (failures.isEmpty()) {
            throw new IllegalArgumentException("failures is empty");
        }
        this.failures = List.copyOf(failures);
        for (int i = 1; i < this.failures.size(); i++) {
            addSuppressed(this.failures.get(i));
        }
    }

    /**
     * Returns every failure, in the order they happened.
     *
     * @return an unmodifiable list, never empty
     */
    public List<Throwable> failures() {
        return failures;
    }
}

package dev.weft;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link Scope}: its name, its failure policy and an optional timeout.
 *
 * <p>An immutable value; the {@code with...} methods return modified copies. {@code timeout} may be
 * {@code null} (no deadline); every other component and argument must be non-null.
 *
 * @param name the scope's name, shown in thread names ({@code name-1}, {@code name-2}, ...),
 *     failures and the task tree
 * @param policy what a task's failure does to its siblings
 * @param timeout how long the scope may run before it is cancelled and its join throws {@link
 *     DeadlineExceededException}; {@code null} for none; zero means the deadline has already passed
 *     (the scope opens cancelled); negative is refused
 */
public record ScopeOptions(String name, FailurePolicy policy, @Nullable Duration timeout) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code name} or {@code policy} is null
     * @throws IllegalArgumentException if {@code name} is blank or {@code timeout} negative
     */
    public ScopeOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name is blank");
        }
        if (timeout != null) {
            Durations.requireNonNegative(timeout, "timeout");
        }
    }

    /**
     * The defaults: name {@code "scope"}, {@link FailurePolicy#FAIL_FAST}, no timeout.
     *
     * @return the default options
     */
    public static ScopeOptions defaults() {
        return new ScopeOptions("scope", FailurePolicy.FAIL_FAST, null);
    }

    /**
     * Returns a copy with the given name.
     *
     * @param newName the scope's name
     * @return the new options
     * @throws NullPointerException if {@code newName} is null
     * @throws IllegalArgumentException if {@code newName} is blank
     */
    public ScopeOptions withName(String newName) {
        return new ScopeOptions(newName, policy, timeout);
    }

    /**
     * Returns a copy with the given failure policy.
     *
     * @param newPolicy the policy
     * @return the new options
     * @throws NullPointerException if {@code newPolicy} is null
     */
    public ScopeOptions withPolicy(FailurePolicy newPolicy) {
        return new ScopeOptions(name, newPolicy, timeout);
    }

    /**
     * Returns a copy with {@link FailurePolicy#SUPERVISE}.
     *
     * @return the new options
     */
    public ScopeOptions supervised() {
        return withPolicy(FailurePolicy.SUPERVISE);
    }

    /**
     * Returns a copy whose scope is cancelled when {@code newTimeout} has passed after it opened.
     *
     * @param newTimeout the timeout; zero expires at once
     * @return the new options
     * @throws NullPointerException if {@code newTimeout} is null
     * @throws IllegalArgumentException if {@code newTimeout} is negative
     */
    public ScopeOptions withTimeout(Duration newTimeout) {
        return new ScopeOptions(name, policy, Objects.requireNonNull(newTimeout, "timeout"));
    }
}

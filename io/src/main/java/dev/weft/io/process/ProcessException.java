package dev.weft.io.process;

import org.jspecify.annotations.Nullable;

import java.io.Serial;
import java.util.List;
import java.util.Objects;

/**
 * Base of the unchecked exceptions about a subprocess; each subtype names one condition.
 * Cancellation is not among them: a cancelled call throws {@link dev.weft.CancelledException}.
 *
 * <p>Instances are immutable once thrown and safe to share between threads. {@link #command()} is
 * never null.
 */
public abstract sealed class ProcessException extends RuntimeException
        permits ProcessStartException, ProcessFailedException, ProcessOutputTooLargeException {
    @Serial private static final long serialVersionUID = 1L;

    /** The program and its arguments (an immutable list; serialized as the array below). */
    private final transient @Nullable List<String> command;

    /** The command, for serialization. */
    private final String[] argv;

    ProcessException(List<String> command, String message, @Nullable Throwable cause) {
        super("command " + Objects.requireNonNull(command, "command") + " " + message, cause);
        this.command = List.copyOf(command);
        this.argv = this.command.toArray(String[]::new);
    }

    /**
     * Returns the program and its arguments.
     *
     * @return an unmodifiable list, the program first
     */
    public List<String> command() {
        return command != null ? command : List.of(argv);
    }
}

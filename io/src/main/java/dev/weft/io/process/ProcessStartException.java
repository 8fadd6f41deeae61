package dev.weft.io.process;

import java.io.IOException;
import java.io.Serial;
import java.util.List;

/**
 * Thrown when a process cannot be started: no such program, no permission to run it, no such
 * working directory. The cause is the JDK's {@link IOException}. Immutable once thrown.
 */
public final class ProcessStartException extends ProcessException {
    @Serial private static final long serialVersionUID = 1L;

    ProcessStartException(List<String> command, IOException cause) {
        super(command, "could not be started: " + cause.getMessage(), cause);
    }
}

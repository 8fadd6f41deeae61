package dev.weft;

/** The one place that decides how a task's failure reaches a joiner. */
final class Failures {
    private Failures() {}

    /**
     * Returns the exception to throw for a task failure: unchecked exceptions and errors as
     * themselves, checked ones wrapped in {@link TaskFailedException}. Errors are thrown here.
     */
    static RuntimeException propagate(Throwable failure, String what) {
        if (failure instanceof RuntimeException re) {
            return re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        return new TaskFailedException(what + ": " + failure, (Exception) failure);
    }
}

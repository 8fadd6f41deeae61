package dev.weft;

/**
 * Where and when a task was forked, recorded in debug mode only: the stack of the fork (as a
 * Throwable, attached as suppressed to the task's failure and shown by the task tree) and the
 * {@link System#nanoTime()} of the fork (the task's age in the tree).
 *
 * <p>Outside debug mode a fork records neither: reading the clock at every fork cost about a tenth
 * of a fork+join of 100 no-op tasks on the build machine (measured in the bench's interleaved
 * rounds, with and without it).
 */
final class ForkSite extends Throwable {
    private static final long serialVersionUID = 1L;

    /** When the fork happened, a {@link System#nanoTime()} value. */
    final transient long nanos = System.nanoTime();

    ForkSite(String message) {
        super(message);
    }
}

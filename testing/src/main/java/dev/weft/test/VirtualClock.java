package dev.weft.test;

import dev.weft.internal.VirtualClockControl;
import dev.weft.internal.VirtualClockControl.Problem;
import dev.weft.internal.VirtualClocks;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Virtual time for a test: while installed, every time-based wait that goes through Weft on the
 * installing thread, and on every task forked from it, reads this clock instead of the system's,
 * and time jumps to the next deadline as soon as all of them wait in Weft. A test of code that
 * sleeps, times out and retries then runs in milliseconds and sees exact times:
 *
 * <pre>{@code
 * try (VirtualClock clock = VirtualClock.install()) {
 *     String body = Weft.withTimeout(Duration.ofSeconds(30), () -> fetchWithRetries(url));
 *     assertEquals(Duration.ofSeconds(12), clock.elapsed());   // two backoffs, exactly
 * }
 * }</pre>
 *
 * With JUnit 5, {@link VirtualTime @VirtualTime} installs one around each test.
 *
 * <h2>What the clock covers</h2>
 *
 * Its <em>threads</em> are the thread that installed it and every Weft task forked from that
 * thread, transitively (also inside {@code Weft.run} and scopes opened on it). Its <em>waits</em>
 * are Weft's: {@code Weft.sleep}; scope deadlines, {@code withTimeout} and {@code
 * withTimeoutOrEmpty}; {@code Task.join(Duration)}; {@code Weft.wait} and {@code asCompleted} with
 * a timeout; timed channel, {@code Select}, {@code Limiter} and {@code Event} operations; and what
 * Weft's modules build on them (HttpSession's retry backoff and {@code Retry-After}, its total and
 * permit timeouts, TCP servers' shutdown grace). Untimed Weft waits (joining a task or a scope,
 * receiving from a channel, taking a permit) count as waiting too.
 *
 * <h2>When time moves</h2>
 *
 * Only when every thread of the clock is waiting in Weft: then it jumps to the earliest deadline
 * pending, wakes what was due at that instant, and moves on again once those have run until they
 * wait. A thread blocked in anything Weft does not control - a socket, a file, a lock, {@code
 * Object.wait}, a {@code CountDownLatch}, {@code Thread.sleep} - counts as running, so time never
 * skips under real work; it stands still until that work is done. Threads you start yourself, and
 * threads of other libraries, are not the clock's: their waits run in real time and do not hold the
 * clock up. {@link #advance} moves time by hand.
 *
 * <h2>What it reports</h2>
 *
 * {@link #close()} fails (with an {@link AssertionError}) when the clock saw:
 *
 * <ul>
 *   <li>a deadlock: every thread of the clock waited in Weft with no deadline pending for the
 *       deadlock timeout of real time (one second by default). The clock then cancels every task of
 *       the test, with the report as the reason, so the test ends instead of hanging; {@link
 *       DeadlockError} names each task and the Weft call and line it waits in;
 *   <li>{@code Thread.sleep} in a thread of the clock while the others waited: a real-time sleep
 *       that holds virtual time up, almost always meant as {@code Weft.sleep} ({@link
 *       RealSleepError}, naming the line).
 * </ul>
 *
 * <h2>Threads and nulls</h2>
 *
 * {@link #elapsed} and {@link #advance} may be called from any thread; {@link #close} only by the
 * installing thread. Arguments must not be null.
 */
public final class VirtualClock implements AutoCloseable {
    /** The deadlock timeout of {@link #install()}: one second of real time. */
    public static final Duration DEFAULT_DEADLOCK_TIMEOUT = Duration.ofSeconds(1);

    private final VirtualClockControl control;

    private VirtualClock(VirtualClockControl control) {
        this.control = control;
    }

    /**
     * Installs a new virtual clock, at zero, on the calling thread, with the default deadlock
     * timeout. Close it on the same thread, best with try-with-resources.
     *
     * @return the clock
     * @throws IllegalStateException if the calling thread has a virtual clock installed already
     */
    public static VirtualClock install() {
        return install(DEFAULT_DEADLOCK_TIMEOUT);
    }

    /**
     * Installs a new virtual clock, at zero, on the calling thread.
     *
     * @param deadlockTimeout how long, in real time, every thread of the clock must stay waiting in
     *     Weft with no deadline pending before the clock reports a deadlock (a thread outside the
     *     clock could still end a wait meanwhile)
     * @return the clock
     * @throws IllegalStateException if the calling thread has a virtual clock installed already
     * @throws IllegalArgumentException if {@code deadlockTimeout} is not positive
     * @throws NullPointerException if {@code deadlockTimeout} is null
     */
    public static VirtualClock install(Duration deadlockTimeout) {
        return new VirtualClock(VirtualClocks.install(deadlockTimeout));
    }

    /**
     * Returns the virtual time since the clock was installed. Does not block. After {@link
     * #close()} it goes on in real time from the virtual time reached.
     *
     * @return the elapsed virtual time
     */
    public Duration elapsed() {
        return control.elapsed();
    }

    /**
     * Moves time {@code d} forward from now, by hand, and waits until it is there: every deadline
     * passed on the way fires in order, and each task it wakes runs until it waits again, before
     * this call returns at exactly {@code elapsed() + d}. Blocks the caller meanwhile, in a Weft
     * wait (so a caller that is a thread of the clock lets time move). {@code Duration.ZERO} does
     * not move time: it lets everything that can run at this instant run until it waits, like
     * Kotlin's {@code runCurrent()}. Calling {@code Weft.sleep(d)} from the installing thread has
     * the same effect on time.
     *
     * @param d how far to move time; zero settles without moving
     * @throws dev.weft.CancelledException if the caller is cancelled or interrupted meanwhile
     * @throws IllegalStateException if the clock is closed
     * @throws IllegalArgumentException if {@code d} is negative
     * @throws NullPointerException if {@code d} is null
     */
    public void advance(Duration d) {
        Objects.requireNonNull(d, "d");
        control.advance(d);
    }

    /**
     * Returns whether the clock is closed.
     *
     * @return {@code true} once {@link #close()} has run
     */
    public boolean isClosed() {
        return control.isClosed();
    }

    /**
     * Uninstalls the clock and reports what it saw. Tasks of the clock that are still running (a
     * leak, which {@link NoLeakedTasks} reports) go on in real time. Idempotent. Does not block,
     * except for a moment while tasks that have just ended finish leaving.
     *
     * @throws DeadlockError if the clock saw a deadlock
     * @throws RealSleepError if a thread of the clock held time up in {@code Thread.sleep} (and no
     *     deadlock was seen; other problems are attached as suppressed)
     * @throws IllegalStateException if called by another thread than the installing one
     */
    @Override
    public void close() {
        AssertionError e = toError(control.close());
        if (e != null) {
            throw e;
        }
    }

    /** The engine, for the JUnit extensions of this package. */
    VirtualClockControl control() {
        return control;
    }

    /**
     * The error for the problems seen so far and not yet reported, or null; marks them reported.
     */
    @Nullable AssertionError takeError() {
        return toError(control.takeProblems());
    }

    private static @Nullable AssertionError toError(List<Problem> problems) {
        AssertionError first = null;
        for (Problem p : problems) {
            AssertionError e =
                    switch (p.kind()) {
                        case DEADLOCK -> new DeadlockError(p.message());
                        case REAL_SLEEP -> new RealSleepError(p.message());
                    };
            if (first == null) {
                first = e;
            } else if (e instanceof DeadlockError && !(first instanceof DeadlockError)) {
                e.addSuppressed(first);
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        return first;
    }

    /**
     * Shows the elapsed virtual time.
     *
     * @return for example {@code "VirtualClock[2.000 s]"}
     */
    @Override
    public String toString() {
        return control.toString();
    }
}

package dev.weft.io.http;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Runs one blocking call on its own thread (virtual unless asked otherwise) and records how it
 * ended, for cancellation tests.
 */
final class Caller {
    /**
     * The class whose {@code next} a caller reading a response body blocks in (the default engine's
     * body).
     */
    static final String BODY_READ = "dev.weft.io.http.internal.ApacheTransport$Body";

    final Thread thread;
    private volatile Object result;
    private volatile Throwable failure;
    private volatile boolean interruptedAtEnd;

    private Caller(Thread.Builder builder, Callable<?> body) {
        thread =
                builder.name("test-caller")
                        .unstarted(
                                () -> {
                                    try {
                                        result = body.call();
                                    } catch (Throwable t) {
                                        failure = t;
                                    } finally {
                                        interruptedAtEnd = Thread.currentThread().isInterrupted();
                                    }
                                });
        thread.start();
    }

    static Caller start(Callable<?> body) {
        return new Caller(Thread.ofVirtual(), body);
    }

    /**
     * Runs the call on a platform thread, as code outside every Weft task does (a {@code main}
     * method, a servlet thread): an interrupt must reach its socket waits too.
     */
    static Caller startOnPlatformThread(Callable<?> body) {
        return new Caller(Thread.ofPlatform().daemon(), body);
    }

    /** Waits until the thread is parked (blocked in the call), without sleeping. */
    Caller awaitBlocked() {
        while (true) {
            Thread.State s = thread.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return this;
            }
            if (s == Thread.State.TERMINATED) {
                throw new AssertionError("the call ended before blocking", failure);
            }
            Thread.onSpinWait();
        }
    }

    /** Waits until the thread is parked inside the given method, without sleeping. */
    Caller awaitBlockedIn(String className, String methodName) {
        while (true) {
            awaitBlocked();
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (frame.getClassName().equals(className)
                        && frame.getMethodName().equals(methodName)) {
                    return this;
                }
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Waits until the thread runs inside the given method, without sleeping and without asking for
     * a parked state: a platform thread blocked on a socket is RUNNABLE (in native code).
     */
    Caller awaitInside(String className, String methodName) {
        while (true) {
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (frame.getClassName().equals(className)
                        && frame.getMethodName().equals(methodName)) {
                    return this;
                }
            }
            if (thread.getState() == Thread.State.TERMINATED) {
                throw new AssertionError(
                        "the call ended before reaching " + className + "." + methodName, failure);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Joins the thread (at most the given time) and returns how it failed, or null if it returned.
     */
    Throwable join(Duration timeout) throws InterruptedException {
        assertFalse(!thread.join(timeout), "the call did not end within " + timeout);
        return failure;
    }

    Object result() {
        return result;
    }

    boolean interruptedAtEnd() {
        return interruptedAtEnd;
    }
}

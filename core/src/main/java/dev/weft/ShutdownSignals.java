package dev.weft;

import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/*
 * Ctrl-C for Weft.run on the main thread: asyncio.run's SIGINT handling, for SIGINT and SIGTERM.
 *
 * While Weft.run runs on the JVM's main thread, a handler replaces the JVM's own for both signals
 * (the JVM's starts the shutdown sequence at once, so no task's cleanup would run before the
 * halt). The first signal cancels the run's scope with a reason naming the signal and starts a
 * watchdog; Weft.run then waits for the tree as for any cancellation. When the run ends with that
 * cancellation, Weft.run throws it, like asyncio's KeyboardInterrupt: the caller's own finally
 * blocks run, and a program may catch it and go on. If it escapes the main thread, the main
 * thread's uncaught-exception handler (set for that one exception) exits the JVM with 128 + the
 * signal's number (130, 143), as the JVM would have. If the root task caught the cancellation and
 * returned, or failed for real, the run ends as it ended; if the root task had already ended when
 * the signal came, Weft.run throws the signal's cancellation instead of returning. A signal
 * dispatched after the run ended is raised again once the JVM's handlers are back. A second
 * signal, or the watchdog after the grace period, exits at once.
 *
 * A signal the process ignores (SIGINT in a background job of a non-interactive shell) stays
 * ignored, as the JVM leaves it. sun.misc.Signal (module jdk.unsupported, kept by JEP 260 for
 * exactly this use) is reached through method handles, so that javac's unsuppressible
 * "internal proprietary API" warning cannot fail the -Werror build; if it is missing or refused
 * (-Xrs), Weft.run simply does not handle signals.
 */
final class ShutdownSignals {
    /** Set to {@code false} to leave the JVM's own signal handling alone. */
    static final String ENABLED_PROPERTY = "weft.signals";

    /** How long cleanup may take after a signal before the JVM exits anyway (ISO-8601). */
    static final String GRACE_PROPERTY = "weft.signals.grace";

    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    /** The guard of the Weft.run now handling signals, if any: one at a time. */
    private static final AtomicReference<@Nullable Guard> ACTIVE = new AtomicReference<>();

    private static final @Nullable MethodHandle NEW_SIGNAL;
    private static final @Nullable MethodHandle HANDLE;
    private static final @Nullable MethodHandle RAISE;
    private static final @Nullable MethodHandle NAME;
    private static final @Nullable MethodHandle NUMBER;
    private static final @Nullable Class<?> HANDLER_TYPE;
    private static final @Nullable Object SIG_IGN;

    static {
        MethodHandle newSignal = null;
        MethodHandle handle = null;
        MethodHandle raise = null;
        MethodHandle name = null;
        MethodHandle number = null;
        Class<?> handlerType = null;
        Object ign = null;
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            handlerType = Class.forName("sun.misc.SignalHandler");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            newSignal =
                    lookup.findConstructor(signal, MethodType.methodType(void.class, String.class));
            handle =
                    lookup.findStatic(
                            signal,
                            "handle",
                            MethodType.methodType(handlerType, signal, handlerType));
            raise = lookup.findStatic(signal, "raise", MethodType.methodType(void.class, signal));
            name = lookup.findVirtual(signal, "getName", MethodType.methodType(String.class));
            number = lookup.findVirtual(signal, "getNumber", MethodType.methodType(int.class));
            ign = lookup.findStaticGetter(handlerType, "SIG_IGN", handlerType).invoke();
        } catch (Throwable e) {
            newSignal = null; // not available on this runtime: Weft.run leaves signals alone
        }
        NEW_SIGNAL = newSignal;
        HANDLE = handle;
        RAISE = raise;
        NAME = name;
        NUMBER = number;
        HANDLER_TYPE = handlerType;
        SIG_IGN = ign;
    }

    private ShutdownSignals() {}

    /**
     * Starts handling SIGINT and SIGTERM for the run whose scope is {@code run}, if the calling
     * thread is the JVM's main thread, the feature is on, and no other run handles them already.
     *
     * @return the guard to {@link Guard#close close} when the run has ended, or null
     */
    static @Nullable Guard guard(ScopeImpl run) {
        if (NEW_SIGNAL == null
                || !isMainThread()
                || "false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY))) {
            return null;
        }
        Guard g = new Guard(run, grace());
        if (!ACTIVE.compareAndSet(null, g)) {
            return null;
        }
        g.install();
        return g;
    }

    /** The signals the active guard handles (for tests), empty if none. */
    static List<String> handled() {
        Guard g = ACTIVE.get();
        return g == null ? List.of() : List.copyOf(g.installedNames());
    }

    private static boolean isMainThread() {
        Thread t = Thread.currentThread();
        ThreadGroup group = t.getThreadGroup();
        return !t.isVirtual()
                && "main".equals(t.getName())
                && group != null
                && "main".equals(group.getName());
    }

    private static Duration grace() {
        String value = System.getProperty(GRACE_PROPERTY);
        if (value == null) {
            return DEFAULT_GRACE;
        }
        try {
            return Durations.requireNonNegative(Duration.parse(value), GRACE_PROPERTY);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            Log.LOG.warn(
                    "-D{}={} is not a non-negative ISO-8601 duration such as PT30S; using {}",
                    GRACE_PROPERTY,
                    value,
                    DEFAULT_GRACE);
            return DEFAULT_GRACE;
        }
    }

    /**
     * Makes {@code signalled}, about to leave Weft.run on the main thread, end the process with
     * {@code status} if nothing catches it: the main thread's uncaught-exception handler exits for
     * it (or anything it caused) and hands every other exception to the previous handler.
     */
    private static void exitIfUncaught(CancelledException signalled, int status) {
        Thread main = Thread.currentThread();
        Thread.UncaughtExceptionHandler previous = main.getUncaughtExceptionHandler();
        main.setUncaughtExceptionHandler(
                (t, e) -> {
                    for (Throwable c = e; c != null; c = c.getCause()) {
                        if (c == signalled) {
                            Log.LOG.info("{}; exiting with status {}", signalled.reason(), status);
                            System.exit(status);
                            return;
                        }
                    }
                    previous.uncaughtException(t, e);
                });
    }

    /** One Weft.run's handling of the signals, from its start to its end. */
    // The method handles are non-null whenever a Guard exists (guard() makes none when
    // sun.misc.Signal is missing: NEW_SIGNAL null), and each use is inside a catch of Throwable.
    @SuppressWarnings("NullAway")
    static final class Guard {
        private final ScopeImpl run;
        private final Duration grace;
        private final Object[] previous = new Object[SIGNALS.size()];
        private final boolean[] installed = new boolean[SIGNALS.size()];
        private final CountDownLatch ended = new CountDownLatch(1);

        /** The first signal received, guarded by this. */
        private @Nullable Object received;

        /** Whether the first signal cancelled a run that was still going, guarded by this. */
        private boolean delivered;

        /** Set by close(), guarded by this: a signal after it is the JVM's again. */
        private boolean closed;

        /** The run's root task, once forked. */
        private volatile @Nullable TaskImpl<?> root;

        Guard(ScopeImpl run, Duration grace) {
            this.run = run;
            this.grace = grace;
        }

        private void install() {
            Object handler;
            try {
                MethodHandle target =
                        MethodHandles.lookup()
                                .findVirtual(
                                        Guard.class,
                                        "onSignal",
                                        MethodType.methodType(void.class, Object.class))
                                .bindTo(this);
                handler =
                        MethodHandleProxies.asInterfaceInstance(
                                HANDLER_TYPE,
                                target.asType(
                                        MethodType.methodType(
                                                void.class, NEW_SIGNAL.type().returnType())));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return;
            }
            for (int i = 0; i < SIGNALS.size(); i++) {
                try {
                    Object old = HANDLE.invoke(NEW_SIGNAL.invoke(SIGNALS.get(i)), handler);
                    if (old == SIG_IGN) {
                        HANDLE.invoke(
                                NEW_SIGNAL.invoke(SIGNALS.get(i)), old); // ignored: leave it so
                    } else {
                        previous[i] = old;
                        installed[i] = true;
                    }
                } catch (Throwable e) {
                    // refused (-Xrs, or used by the VM): the JVM keeps its own handling
                }
            }
        }

        private List<String> installedNames() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < SIGNALS.size(); i++) {
                if (installed[i]) {
                    names.add(SIGNALS.get(i));
                }
            }
            return names;
        }

        /** Runs on a thread the JVM starts for each signal. */
        @SuppressWarnings("unused") // through the method-handle proxy
        private void onSignal(Object signal) {
            String name = signalName(signal);
            int status = 128 + signalNumber(signal);
            boolean first;
            boolean afterClose;
            synchronized (this) {
                afterClose = closed;
                first = !afterClose && received == null;
                if (first) {
                    received = signal;
                    // Delivered if the root task was still at work (or not yet forked). The run's
                    // own cancel() either way, so leftover tasks stop too; absorbed by its scope,
                    // so what the root task did with the cancellation decides how the run ends.
                    TaskImpl<?> r = root;
                    delivered = r == null || !r.isDone();
                    run.cancel(ScopeImpl.SELF, "interrupted by SIG" + name);
                }
            }
            if (afterClose) {
                raise(signal); // dispatched just as the run ended: the JVM's own handler is back
                return;
            }
            if (!first) {
                Log.LOG.warn(
                        "second signal (SIG{}) while Weft.run was stopping: exiting now with status {}",
                        name,
                        status);
                System.exit(status);
                return;
            }
            if (!delivered) {
                return; // the root task had ended: close() makes Weft.run throw for the signal
            }
            Log.LOG.info(
                    "SIG{}: cancelling Weft.run and waiting up to {} for its cleanup", name, grace);
            Thread.ofPlatform()
                    .daemon()
                    .name("weft-signal-watchdog")
                    .start(
                            () -> {
                                try {
                                    if (ended.await(
                                            Durations.toNanosSaturated(grace),
                                            TimeUnit.NANOSECONDS)) {
                                        return;
                                    }
                                } catch (InterruptedException e) {
                                    return;
                                }
                                Log.LOG.warn(
                                        "Weft.run did not stop within {} after SIG{}; exiting with status {}. Still running:\n{}",
                                        grace,
                                        name,
                                        status,
                                        TaskTree.render());
                                System.exit(status);
                            });
        }

        /** Called by Weft.run once it has forked the root task. */
        void watch(TaskImpl<?> rootTask) {
            root = rootTask;
        }

        /**
         * Called by Weft.run when the run has ended with {@code outcome} (null if it returned):
         * gives the JVM its handlers back. After a signal, the cancellation Weft.run throws ends
         * the process with the signal's status unless the program catches it: {@code outcome}
         * itself, or — when the root task had already ended as the signal came, like asyncio's
         * KeyboardInterrupt then — the returned exception, which Weft.run throws instead of
         * returning.
         *
         * @return the exception Weft.run must throw instead of returning, or null
         */
        @Nullable CancelledException close(@Nullable Throwable outcome) {
            ended.countDown();
            Object signal;
            boolean wasDelivered;
            synchronized (this) {
                closed = true;
                for (int i = 0; i < SIGNALS.size(); i++) {
                    if (installed[i]) {
                        try {
                            HANDLE.invoke(NEW_SIGNAL.invoke(SIGNALS.get(i)), previous[i]);
                        } catch (Throwable e) {
                            // cannot happen: the same call succeeded when installing
                        }
                    }
                }
                signal = received;
                wasDelivered = delivered;
            }
            ACTIVE.compareAndSet(this, null);
            if (signal == null) {
                return null;
            }
            int status = 128 + signalNumber(signal);
            if (outcome instanceof CancelledException signalled) {
                exitIfUncaught(signalled, status);
                return null;
            }
            if (outcome != null || wasDelivered) {
                return null; // a real failure, or the root task caught the cancellation and
                // returned
            }
            CancelledException late =
                    new CancelledException("interrupted by SIG" + signalName(signal));
            exitIfUncaught(late, status);
            return late;
        }

        private static void raise(Object signal) {
            try {
                RAISE.invoke(signal);
            } catch (Throwable e) {
                System.exit(128 + signalNumber(signal));
            }
        }

        private static String signalName(Object signal) {
            try {
                return (String) NAME.invoke(signal);
            } catch (Throwable e) {
                return "?";
            }
        }

        private static int signalNumber(Object signal) {
            try {
                return (int) NUMBER.invoke(signal);
            } catch (Throwable e) {
                return 2;
            }
        }
    }
}

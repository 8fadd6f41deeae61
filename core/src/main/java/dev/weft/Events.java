package dev.weft;

/**
 * Emits Weft's JFR events. Until Flight Recorder runs, each costs one read of a volatile flag and
 * the event classes are not even loaded; once it runs, one disabled-check when no recording asks
 * for them.
 */
final class Events {
    /** Whether Flight Recorder has started and Weft's event types are registered with it. */
    private static volatile boolean recorder;

    static {
        // Registered as soon as Flight Recorder runs, not on the first commit: a recording that
        // enables them by name then applies to the very first event (a lazily registered type
        // dropped it). Not before: loading a jdk.jfr.Event subclass, let alone registering it,
        // sets up Flight Recorder's event registry, which cost a program's first fork 0.3 to
        // 1 s (measured on a busy 2-core machine) even when nobody records. The listener runs at
        // once if Flight Recorder already runs, and otherwise when a recording starts it (a
        // -XX:StartFlightRecording, jcmd JFR.start, or new Recording()), before that recording
        // takes any event.
        jdk.jfr.FlightRecorder.addListener(
                new jdk.jfr.FlightRecorderListener() {
                    @Override
                    public void recorderInitialized(jdk.jfr.FlightRecorder flightRecorder) {
                        jdk.jfr.FlightRecorder.register(TaskEvent.class);
                        jdk.jfr.FlightRecorder.register(ScopeEvent.class);
                        recorder = true;
                    }
                });
    }

    private Events() {}

    static void fork(TaskImpl<?> t) {
        if (!recorder) {
            return;
        }
        TaskEvent e = new TaskEvent();
        if (e.isEnabled()) {
            e.action = "fork";
            e.task = t.name();
            e.scope = t.scope.name();
            e.commit();
        }
    }

    static void end(TaskImpl<?> t, String state) {
        if (!recorder) {
            return;
        }
        TaskEvent e = new TaskEvent();
        if (e.isEnabled()) {
            e.action = "end";
            e.task = t.name();
            e.scope = t.scope.name();
            e.detail = state;
            e.commit();
        }
    }

    static void cancel(TaskImpl<?> t, String reason) {
        if (!recorder) {
            return;
        }
        TaskEvent e = new TaskEvent();
        if (e.isEnabled()) {
            e.action = "cancel";
            e.task = t.name();
            e.scope = t.scope.name();
            e.detail = reason;
            e.commit();
        }
    }

    static void scope(ScopeImpl s, String action, String reason) {
        if (!recorder) {
            return;
        }
        ScopeEvent e = new ScopeEvent();
        if (e.isEnabled()) {
            e.action = action;
            e.scope = s.name();
            e.reason = reason;
            e.commit();
        }
    }
}

package dev.weft;

/** Emits Weft's JFR events; each costs one disabled-check when no recording asks for them. */
final class Events {
    static {
        // Registered up front, not on the first commit: a recording that enables them by name
        // then applies to the very first event (a lazily registered type dropped it).
        jdk.jfr.FlightRecorder.register(TaskEvent.class);
        jdk.jfr.FlightRecorder.register(ScopeEvent.class);
    }

    private Events() {
    }

    static void fork(TaskImpl<?> t) {
        TaskEvent e = new TaskEvent();
        if (e.isEnabled()) {
            e.action = "fork";
            e.task = t.name();
            e.scope = t.scope.name();
            e.commit();
        }
    }

    static void end(TaskImpl<?> t, String state) {
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
        ScopeEvent e = new ScopeEvent();
        if (e.isEnabled()) {
            e.action = action;
            e.scope = s.name();
            e.reason = reason;
            e.commit();
        }
    }
}

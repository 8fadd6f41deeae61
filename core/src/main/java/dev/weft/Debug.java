package dev.weft;

/** Debug mode switch: read on every fork, so a single volatile read. */
final class Debug {
    private static volatile boolean enabled = Boolean.getBoolean("weft.debug");

    private Debug() {
    }

    static boolean enabled() {
        return enabled;
    }

    static void enable(boolean on) {
        enabled = on;
    }
}

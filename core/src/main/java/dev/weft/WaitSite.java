package dev.weft;

import org.jspecify.annotations.Nullable;

import java.security.CodeSource;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a thread waits, read from its stack, for the virtual clock's reports: the Weft call it is
 * in and the line of the caller's code that made it. A frame counts as the library's when its class
 * is the JDK's or comes from the same place as core's own classes.
 */
final class WaitSite {
    private static final Map<String, Boolean> LIBRARY = new ConcurrentHashMap<>();
    private static final @Nullable CodeSource CORE =
            Weft.class.getProtectionDomain().getCodeSource();

    private WaitSite() {}

    /** "waits in ChannelImpl.receive, called at app.Consumer.run(Consumer.java:12)". */
    static String describe(Thread t, @Nullable Object blocker) {
        StackTraceElement[] stack = t.getStackTrace();
        int caller = firstCallerFrame(stack);
        String in;
        if (blocker instanceof String s) {
            in = s;
        } else if (caller > 0) {
            StackTraceElement api = stack[caller - 1];
            in = simpleName(api.getClassName()) + "." + api.getMethodName();
        } else if (caller < 0 && outermostCall(stack) >= 0) {
            // No frame of the caller's own: the task's work is a method reference (Weft call).
            StackTraceElement api = stack[outermostCall(stack)];
            in = simpleName(api.getClassName()) + "." + api.getMethodName();
        } else if (stack.length > 0) {
            in = stack[0].toString();
        } else {
            return "has not run yet (" + t.getState() + ")";
        }
        return (blocker != null ? "waits in " : "is in ")
                + in
                + (caller >= 0 ? ", called at " + stack[caller] : "");
    }

    /**
     * The frame of the caller's code that called {@code Thread.sleep}, if {@code t} is sleeping in
     * it now; otherwise null.
     */
    static @Nullable StackTraceElement realSleepCaller(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        int sleep = -1;
        for (int i = 0; i < stack.length; i++) {
            String c = stack[i].getClassName();
            String m = stack[i].getMethodName();
            if ((c.equals("java.lang.Thread") || c.equals("java.lang.VirtualThread"))
                    && m.startsWith("sleep")) {
                sleep = i;
            }
        }
        if (sleep < 0) {
            return null;
        }
        for (int i = sleep + 1; i < stack.length; i++) {
            if (!isJdk(stack[i].getClassName())) {
                return stack[i];
            }
        }
        return null;
    }

    /** The outermost frame of core below the task's own run() plumbing, or -1. */
    private static int outermostCall(StackTraceElement[] stack) {
        for (int i = stack.length - 1; i >= 0; i--) {
            String c = stack[i].getClassName();
            if (!isJdk(c) && !c.equals(TaskImpl.class.getName()) && isLibrary(c)) {
                return i;
            }
        }
        return -1;
    }

    private static int firstCallerFrame(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            if (!isLibrary(stack[i].getClassName())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isLibrary(String className) {
        if (isJdk(className)) {
            return true;
        }
        if (!className.startsWith("dev.weft.")) {
            return false;
        }
        return LIBRARY.computeIfAbsent(className, WaitSite::isCoreClass);
    }

    private static boolean isCoreClass(String className) {
        try {
            Class<?> c = Class.forName(className, false, Weft.class.getClassLoader());
            return (c.getModule() == Weft.class.getModule() && c.getModule().isNamed())
                    || (Objects.equals(c.getProtectionDomain().getCodeSource(), CORE)
                            && CORE != null);
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
    }

    private static boolean isJdk(String className) {
        return className.startsWith("java.")
                || className.startsWith("jdk.")
                || className.startsWith("sun.");
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}

package dev.weft.internal;

import dev.weft.Weft;

import org.jspecify.annotations.Nullable;

import java.lang.invoke.MethodHandles;
import java.util.Objects;

/** Holds the {@link CoreAccess} that {@code dev.weft} installs once. */
public final class Access {
    private static volatile @Nullable CoreAccess core;

    private Access() {}

    /**
     * Installs core's access; called once by {@code dev.weft.Weft}'s initialiser.
     *
     * @param access the implementation
     * @throws IllegalStateException if one is installed already
     */
    public static synchronized void install(CoreAccess access) {
        Objects.requireNonNull(access, "access");
        if (core != null) {
            throw new IllegalStateException("core access is installed already");
        }
        core = access;
    }

    /** Returns core's access, initialising {@link Weft} (which installs it) on first use. */
    static CoreAccess core() {
        CoreAccess a = core;
        if (a == null) {
            try {
                MethodHandles.lookup().ensureInitialized(Weft.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot initialise dev.weft.Weft", e);
            }
            a = core;
            if (a == null) {
                throw new IllegalStateException("dev.weft.Weft did not install core access");
            }
        }
        return a;
    }
}

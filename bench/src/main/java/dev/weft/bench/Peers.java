package dev.weft.bench;

import java.lang.reflect.InvocationTargetException;

/**
 * Finds the optional peers: those that are not always on the class path.
 *
 * <p>Thread safety: may be used from any thread.
 */
public final class Peers {
    /** The class compiled from {@code src/preview/java} when the JDK allows it. */
    public static final String STRUCTURED_CLASS = "dev.weft.bench.preview.JdkStructuredPeer";

    private Peers() {}

    /**
     * Returns whether the StructuredTaskScope peer can be loaded in this JVM: its class is on the
     * class path and the JVM runs with {@code --enable-preview}.
     *
     * @return whether {@link #structured()} succeeds
     */
    public static boolean hasStructured() {
        try {
            structured();
            return true;
        } catch (IllegalStateException | LinkageError e) {
            return false;
        }
    }

    /**
     * Loads the StructuredTaskScope peer.
     *
     * @return the peer
     * @throws IllegalStateException if it is not on the class path (not compiled: JDK older than
     *     25)
     */
    public static StructuredPeer structured() {
        try {
            Class<?> c = Class.forName(STRUCTURED_CLASS);
            return (StructuredPeer) c.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "StructuredTaskScope peer not compiled: it needs JDK 25 with "
                            + "--enable-preview",
                    e);
        } catch (InstantiationException
                | IllegalAccessException
                | NoSuchMethodException
                | InvocationTargetException e) {
            throw new IllegalStateException("StructuredTaskScope peer cannot be created", e);
        }
    }
}

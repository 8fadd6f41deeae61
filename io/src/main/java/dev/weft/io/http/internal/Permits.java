package dev.weft.io.http.internal;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The session's concurrency limits: one fair semaphore for all calls and one per host and port.
 * The host permit is taken first, so calls queued for one slow host never hold the global
 * permits that calls to other hosts need.
 */
public final class Permits {
    private final Semaphore global;
    private final int perHost;
    private final ConcurrentHashMap<String, Semaphore> hosts = new ConcurrentHashMap<>();

    public Permits(int maxConcurrent, int perHost) {
        this.global = new Semaphore(maxConcurrent, true);
        this.perHost = perHost;
    }

    /** A held pair of permits; {@link #close()} returns them once, however often it is called. */
    public static final class Lease implements AutoCloseable {
        private final Semaphore host;
        private final Semaphore global;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Semaphore host, Semaphore global) {
            this.host = host;
            this.global = global;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                global.release();
                host.release();
            }
        }
    }

    /**
     * Waits up to {@code timeoutNanos} in all for a host permit and then a global permit.
     *
     * @throws InterruptedException if interrupted while waiting (nothing is held then)
     * @throws TimeoutException if the permits were not available in time (nothing is held then)
     */
    public Lease acquire(URI uri, long timeoutNanos) throws InterruptedException, TimeoutException {
        Semaphore host = hosts.computeIfAbsent(hostKey(uri), k -> new Semaphore(perHost, true));
        long deadline = System.nanoTime() + timeoutNanos;
        if (!host.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
            throw new TimeoutException("no permit for host");
        }
        boolean ok = false;
        try {
            if (!global.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException("no session permit");
            }
            ok = true;
        } finally {
            if (!ok) {
                host.release();
            }
        }
        return new Lease(host, global);
    }

    public int availableGlobal() {
        return global.availablePermits();
    }

    public int availableForHost(URI uri) {
        Semaphore host = hosts.get(hostKey(uri));
        return host == null ? perHost : host.availablePermits();
    }

    public static String hostKey(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return host + ":" + port(uri);
    }

    public static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}

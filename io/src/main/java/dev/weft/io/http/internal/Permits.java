package dev.weft.io.http.internal;

import dev.weft.CancelledException;
import dev.weft.Limiter;
import dev.weft.internal.DurationRules;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A session's concurrency limits, built on core's {@link Limiter}: one for all calls and one per
 * host and port. The host permit is taken first, so calls queued for one slow host never hold the
 * session permits that calls to other hosts need. Both waits are core cancellation points.
 *
 * <p>The per-host limiters live in a map that holds only hosts in use: each entry counts its users
 * (callers waiting for or holding its permit), and the last user to leave removes it. The count
 * changes only inside the map's atomic {@code compute} for that key, so an entry is removed only
 * while nobody waits for or holds its permits, and a new one for the same host is created only
 * after that: two permit sets never exist for one host at once, and a crawler over a million hosts
 * keeps entries only for the hosts it is talking to now.
 *
 * <p>Thread-safe.
 */
public final class Permits {
    private final Limiter global;
    private final int perHost;
    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();

    /**
     * Creates the limits.
     *
     * @param maxConcurrent calls of the session at once
     * @param perHost calls to one host and port at once
     */
    public Permits(int maxConcurrent, int perHost) {
        this.global = new Limiter(maxConcurrent);
        this.perHost = perHost;
    }

    /**
     * One host's limiter and how many callers wait for or hold it; guarded by the map's compute.
     */
    private static final class Host {
        final Limiter limiter;
        int users;

        Host(int permits) {
            this.limiter = new Limiter(permits);
        }
    }

    /** A held pair of permits; {@link #close()} returns them once, however often it is called. */
    public final class Lease implements AutoCloseable {
        private final String key;
        private final Limiter.Permit host;
        private final Limiter.Permit session;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(String key, Limiter.Permit host, Limiter.Permit session) {
            this.key = key;
            this.host = host;
            this.session = session;
        }

        /** Returns both permits and leaves the host's entry. Idempotent; does not block. */
        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                session.close();
                host.close();
                leave(key);
            }
        }
    }

    /**
     * Waits up to {@code timeout} in all for a host permit and then a session permit.
     *
     * @param uri the request's URI, whose host and port select the host limiter
     * @param timeout the longest wait for both
     * @return the held permits
     * @throws CancelledException if the calling task is cancelled or the thread interrupted, before
     *     or while waiting, by core's rule (nothing is held then)
     * @throws TimeoutException if the permits were not available in time (nothing is held then)
     */
    public Lease acquire(URI uri, Duration timeout) throws TimeoutException {
        long deadline = DurationRules.deadlineFromNow(timeout);
        String key = hostKey(uri);
        Host host =
                hosts.compute(
                        key,
                        (k, h) -> {
                            Host entry = h == null ? new Host(perHost) : h;
                            entry.users++;
                            return entry;
                        });
        Limiter.Permit hostPermit = null;
        try {
            Optional<Limiter.Permit> got = host.limiter.tryAcquire(timeout);
            if (got.isEmpty()) {
                throw new TimeoutException("no permit for host");
            }
            hostPermit = got.get();
            long left = Math.max(0, DurationRules.remaining(deadline));
            Optional<Limiter.Permit> session = global.tryAcquire(Duration.ofNanos(left));
            if (session.isEmpty()) {
                throw new TimeoutException("no session permit");
            }
            return new Lease(key, hostPermit, session.get());
        } catch (TimeoutException | RuntimeException | Error e) {
            if (hostPermit != null) {
                hostPermit.close();
            }
            leave(key);
            throw e;
        }
    }

    private void leave(String key) {
        hosts.computeIfPresent(key, (k, h) -> --h.users == 0 ? null : h);
    }

    /**
     * Returns the session permits available now. A snapshot.
     *
     * @return the free session permits
     */
    public int availableGlobal() {
        return global.available();
    }

    /**
     * Returns the permits of {@code uri}'s host available now. A snapshot.
     *
     * @param uri a URI of the host
     * @return the free permits of that host
     */
    public int availableForHost(URI uri) {
        Host host = hosts.get(hostKey(uri));
        return host == null ? perHost : host.limiter.available();
    }

    /**
     * Returns how many hosts have an entry now, that is, callers waiting for or holding their
     * permits. A snapshot.
     *
     * @return the number of hosts in use
     */
    public int hostsInUse() {
        return hosts.size();
    }

    /**
     * The key of a URI's host and port: the host in lower case, and the scheme's default port when
     * none is given.
     *
     * @param uri the URI
     * @return {@code host:port}
     */
    public static String hostKey(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return host + ":" + port(uri);
    }

    /**
     * The port of {@code uri}, or its scheme's default.
     *
     * @param uri the URI
     * @return the port
     */
    public static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}

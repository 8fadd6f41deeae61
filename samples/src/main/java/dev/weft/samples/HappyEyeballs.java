package dev.weft.samples;

import dev.weft.CancelledException;
import dev.weft.Scope;
import dev.weft.Task;
import dev.weft.WaitMode;
import dev.weft.Weft;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Demo: a Happy Eyeballs connection race (RFC 8305, as in Trio's {@code open_tcp_stream}).
 * Connection attempts to a host's addresses start one after another, each when the previous one has
 * failed or after a 250 ms stagger, whichever comes first; the first connection wins and the
 * attempts still running are cancelled.
 *
 * <p>The network is simulated, and the demo says so first: the addresses are documentation
 * addresses, nothing is sent, and each attempt is a sleep. The first address is a black hole (an
 * attempt would hang for 10 s), the second refuses after 20 ms, the third connects in 50 ms. Prints
 * (the last line's time is measured):
 *
 * <pre>
 * simulated network, nothing is sent: 2001:db8::1 answers after 10000 ms, 2001:db8::2 refuses after 20 ms, 192.0.2.1 answers after 50 ms, 192.0.2.2 answers after 50 ms
 * attempt 1: connecting to 2001:db8::1
 * attempt 2: connecting to 2001:db8::2
 * attempt 2: 2001:db8::2 refused the connection
 * attempt 3: connecting to 192.0.2.1
 * attempt 3: connected to 192.0.2.1
 * attempt 1: cancelled
 * connected to 192.0.2.1 after 3 attempts, in 323 ms
 * </pre>
 *
 * About 0.3 s, where trying the addresses one by one would wait 10 s on the first.
 */
public final class HappyEyeballs {
    private static final Duration STAGGER = Duration.ofMillis(250);

    /** A simulated address: how long connecting takes, and whether it ends refused. */
    private record Address(String host, Duration latency, boolean refuses) {
        String describe() {
            return host
                    + (refuses ? " refuses" : " answers")
                    + " after "
                    + latency.toMillis()
                    + " ms";
        }
    }

    /** The result of the race: the address that answered and how many attempts were started. */
    private record Connected(String host, int attempts) {}

    private static final List<Address> ADDRESSES =
            List.of(
                    new Address("2001:db8::1", Duration.ofSeconds(10), false),
                    new Address("2001:db8::2", Duration.ofMillis(20), true),
                    new Address("192.0.2.1", Duration.ofMillis(50), false),
                    new Address("192.0.2.2", Duration.ofMillis(50), false));

    public static void main(String[] args) {
        System.out.println(
                "simulated network, nothing is sent: "
                        + String.join(", ", ADDRESSES.stream().map(Address::describe).toList()));
        long start = Weft.nanoTime(); // Weft's clock: the one its sleeps and timeouts measure
        Connected c = Weft.run(() -> connect(ADDRESSES));
        long millis = Duration.ofNanos(Weft.nanoTime() - start).toMillis();
        System.out.println(
                "connected to "
                        + c.host()
                        + " after "
                        + c.attempts()
                        + " attempts, in "
                        + millis
                        + " ms");
    }

    private static Connected connect(List<Address> addresses) {
        AtomicReference<String> winner = new AtomicReference<>();
        int started = 0;
        try (Scope attempts = Scope.open()) {
            for (Address address : addresses) {
                int n = ++started;
                Task<Void> attempt =
                        attempts.fork(
                                "attempt-" + n,
                                () -> {
                                    if (attempt(n, address)) {
                                        winner.compareAndSet(null, address.host());
                                        attempts.cancel("attempt " + n + " connected");
                                    }
                                });
                // Start the next attempt when this one is done (it failed) or after the stagger.
                Weft.wait(List.of(attempt), WaitMode.FIRST_COMPLETED, STAGGER);
                if (winner.get() != null) {
                    break;
                }
            }
            attempts.join();
        }
        if (winner.get() == null) {
            throw new IllegalStateException("all " + started + " connection attempts failed");
        }
        return new Connected(winner.get(), started);
    }

    /** One simulated attempt: true if it connected, false if it was refused. */
    private static boolean attempt(int n, Address address) {
        System.out.println("attempt " + n + ": connecting to " + address.host());
        try {
            Weft.sleep(address.latency());
        } catch (CancelledException e) {
            System.out.println("attempt " + n + ": cancelled");
            throw e;
        }
        if (address.refuses()) {
            System.out.println("attempt " + n + ": " + address.host() + " refused the connection");
            return false;
        }
        System.out.println("attempt " + n + ": connected to " + address.host());
        return true;
    }
}

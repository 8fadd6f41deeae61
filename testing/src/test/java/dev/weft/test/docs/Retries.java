package dev.weft.test.docs;

import dev.weft.Weft;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;

/** Code under test in the testing guide: a call retried with backoff, within a deadline. */
final class Retries {
    private Retries() {}

    // region fetch
    /**
     * Calls {@code call} until it succeeds, pausing 1 s, 2 s, 4 s... between tries; 30 s at most.
     */
    static String fetch(Callable<String> call) {
        return Weft.withTimeout(
                Duration.ofSeconds(30),
                () -> {
                    Duration pause = Duration.ofSeconds(1);
                    while (true) {
                        try {
                            return call.call();
                        } catch (IOException e) {
                            Weft.sleep(pause);
                            pause = pause.multipliedBy(2);
                        }
                    }
                });
    }
    // endregion
}

package dev.weft.docs;

import dev.weft.Channel;
import dev.weft.Flows;
import dev.weft.Generator;
import dev.weft.Limiter;
import dev.weft.Scope;
import dev.weft.Task;
import dev.weft.Weft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Code quoted by docs/generators-and-interop.md (generators, onPlatformThread, futures, Flow);
 * {@code InteropExamplesTest} runs it. The examples with java.net.http are in io's tests ({@code
 * FlowHttpSnippets}), whose module reads it.
 */
final class InteropSnippets {
    private InteropSnippets() {}

    // region generator
    static List<String> firstTwoMatches(List<Path> files, String needle) {
        return Weft.run(
                () -> {
                    List<String> found = new ArrayList<>();
                    try (Generator<String> lines =
                            Generator.start(
                                    out -> {
                                        for (Path file :
                                                files) { // the producer, on its own virtual thread
                                            try (Stream<String> s = Files.lines(file)) {
                                                for (String line : (Iterable<String>) s::iterator) {
                                                    out.emit(line); // waits until the consumer asks
                                                    // for more
                                                }
                                            }
                                        }
                                    })) {
                        for (String line : lines) { // async for line in lines
                            if (line.contains(needle) && found.add(line) && found.size() == 2) {
                                break; // close() stops the producer, waits for it
                            }
                        }
                    }
                    return found;
                });
    }

    // endregion

    static List<Integer> oddSquares() {
        return Weft.run(
                () -> {
                    // region generator-stream
                    try (Generator<Integer> squares =
                            Generator.start(
                                    out -> {
                                        for (int i = 1; ; i++) {
                                            out.emit(i * i); // an endless producer is fine:
                                        } // it only runs ahead by one item
                                    })) {
                        return squares.stream()
                                .filter(x -> x % 2 == 1)
                                .limit(3)
                                .toList(); // [1, 9, 25]
                    }
                    // endregion
                });
    }

    // region on-platform-thread
    static String hashPassword(char[] password, byte[] salt) {
        // PBKDF2 with 600,000 rounds keeps a core busy for a while: run it on a platform thread,
        // so that the virtual threads sharing the carriers keep running meanwhile.
        return Weft.onPlatformThread(
                () -> {
                    PBEKeySpec spec = new PBEKeySpec(password, salt, 600_000, 256);
                    byte[] key =
                            SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                                    .generateSecret(spec)
                                    .getEncoded();
                    return HexFormat.of().formatHex(key);
                });
    }

    static final Limiter LEGACY_DRIVER =
            new Limiter(2); // the old driver copes with two calls at once

    static String lookUp(LegacyDriver driver, String id) {
        return Weft.onPlatformThread(LEGACY_DRIVER, () -> driver.find(id)); // it pins its carrier
    }

    // endregion

    /**
     * A driver whose calls block inside synchronized code: they would pin a virtual thread's
     * carrier.
     */
    interface LegacyDriver {
        String find(String id) throws IOException;
    }

    static int combined() {
        return Weft.run(
                () -> {
                    // region task-future
                    try (Scope scope = Scope.open()) {
                        Task<Integer> price = scope.fork(() -> 40);
                        Task<Integer> shipping = scope.fork(() -> 2);
                        CompletableFuture<Integer> total =
                                price.toCompletableFuture() // for APIs that want a future
                                        .thenCombine(shipping.toCompletableFuture(), Integer::sum);
                        scope.join();
                        return total.join(); // 42
                    }
                    // endregion
                });
    }

    // region flows-channel
    static List<String> readAll(Flow.Publisher<String> events) {
        return Weft.run(
                () -> {
                    Channel<String> channel =
                            Flows.channel(events, 16); // requests 16 ahead, more as we read
                    List<String> all = new ArrayList<>();
                    for (String e : channel) { // ends when the publisher completes
                        all.add(e);
                    }
                    return all;
                });
    }
    // endregion
}

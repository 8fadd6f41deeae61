package dev.weft.docs;

import dev.weft.Channel;
import dev.weft.ChannelClosedException;
import dev.weft.ChannelResult;
import dev.weft.Event;
import dev.weft.Limiter;
import dev.weft.Select;
import dev.weft.SelectClause;
import dev.weft.Weft;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** Code quoted by docs/channels.md; {@code DocExamplesTest} runs it. */
final class ChannelSnippets {
    private ChannelSnippets() {}

    static void sumThroughAChannel() {
        // region channel
        Channel<Integer> numbers = Channel.bounded(16);
        Weft.scope(
                scope -> {
                    scope.fork(
                            () -> {
                                try {
                                    for (int i = 1; i <= 100; i++)
                                        numbers.send(i); // waits while the buffer is full
                                } finally {
                                    numbers.close(); // no more sends
                                }
                            });
                    long sum = 0;
                    for (int x : numbers) sum += x; // drains, then ends
                    System.out.println(sum); // 5050
                });
        // endregion
    }

    static String handleOne(
            Channel<String> orders, Channel<String> cancels, Channel<String> audit, String entry) {
        // region select
        String what =
                Select.select(
                        Select.receive(orders, o -> "order " + o),
                        Select.receive(cancels, c -> "cancel " + c),
                        Select.send(audit, entry, () -> "audited"),
                        Select.timeout(Duration.ofSeconds(1), () -> "idle"));
        // endregion
        return what;
    }

    // region receive-or-closed
    static int copyUntilEnd(Channel<String> lines, List<String> out) throws IOException {
        while (true) {
            switch (lines.receiveOrClosed()) { // the end is a value, not an exception
                case ChannelResult.Value<String>(var line) -> out.add(line);
                case ChannelResult.Closed<String> closed -> {
                    return out.size();
                }
                case ChannelResult.Failed<String>(var cause) ->
                        throw new IOException("producer failed", cause);
            }
        }
    }

    // endregion

    // region select-which
    static List<String> mergeUntilAllEnd(List<Channel<String>> sources) {
        List<String> merged = new ArrayList<>();
        List<Channel<String>> open = new ArrayList<>(sources);
        while (!open.isEmpty()) {
            List<SelectClause<String>> clauses = open.stream().map(Select::receive).toList();
            try {
                merged.add(Select.select(clauses));
            } catch (ChannelClosedException e) { // a failed one too, in this merge
                open.remove(e.channel().orElseThrow()); // the one that ended: no probing
            }
        }
        return merged;
    }

    // endregion

    /** What the limiter and event examples did, in order; {@code DocExamplesTest} reads it. */
    static final List<String> DONE = new CopyOnWriteArrayList<>();

    @SuppressWarnings("try") // the permit is held, never referenced: holding it is the point
    static String limited(String url) throws Exception {
        // region limiter
        Limiter limiter = new Limiter(4);
        try (Limiter.Permit permit = limiter.acquire()) { // waits, first come first served
            download(url);
        }
        String body = limiter.run(() -> fetch(url)); // the same in one call
        // endregion
        return body;
    }

    static void startWhenReady() {
        Weft.scope(
                scope -> {
                    // region event
                    Event ready = new Event();
                    scope.fork(
                            () -> {
                                ready.await();
                                serve();
                            });
                    warmUp();
                    ready.set();
                    // endregion
                });
    }

    static void download(String url) {
        DONE.add("download " + url);
    }

    static String fetch(String url) {
        return "<html>" + url.toUpperCase(Locale.ROOT) + "</html>";
    }

    static void warmUp() {
        Weft.sleep(Duration.ofMillis(30)); // the server task must still be waiting
        DONE.add("warm up");
    }

    static void serve() {
        DONE.add("serve");
    }
}

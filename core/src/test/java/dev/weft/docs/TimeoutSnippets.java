package dev.weft.docs;

import dev.weft.DeadlineExceededException;
import dev.weft.Scope;
import dev.weft.ScopeOptions;
import dev.weft.Task;
import dev.weft.WaitMode;
import dev.weft.WaitResult;
import dev.weft.Weft;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Code quoted by docs/timeouts.md; {@code DocExamplesTest} runs it. */
final class TimeoutSnippets {
    private TimeoutSnippets() {}

    // region with-timeout
    static String quoteOrFallback(String symbol) {
        try {
            return Weft.withTimeout(Duration.ofMillis(200), () -> slowQuote(symbol));
        } catch (DeadlineExceededException e) { // slowQuote was cancelled and has finished
            return "n/a";
        }
    }

    // endregion

    // region or-empty
    static Optional<String> quoteIfQuick(String symbol) {
        return Weft.withTimeoutOrEmpty(Duration.ofMillis(200), () -> slowQuote(symbol));
    }

    // endregion

    // region scope-deadline
    static List<String> quotes(List<String> symbols) {
        List<Task<String>> tasks = new ArrayList<>();
        try (Scope scope =
                Scope.open(
                        ScopeOptions.defaults()
                                .withName("quotes")
                                .withTimeout(Duration.ofSeconds(2)))) {
            for (String symbol : symbols) {
                tasks.add(scope.fork(() -> slowQuote(symbol)));
            }
            scope.join(); // DeadlineExceededException if 2 s pass first; all tasks cancelled
        }
        return tasks.stream().map(Task::resultNow).toList();
    }

    // endregion

    // region reschedule
    static int readAll(List<String> chunks) {
        int[] received = {0};
        try (Scope scope =
                Scope.open(ScopeOptions.defaults().withTimeout(Duration.ofMillis(500)))) {
            scope.fork(
                    () -> {
                        for (String chunk : chunks) {
                            Weft.sleep(Duration.ofMillis(100)); // waiting for the next chunk
                            received[0] += chunk.length();
                            scope.reschedule(
                                    Duration.ofMillis(500)); // idle timeout: progress extends it
                        }
                    });
            scope.join();
        }
        return received[0];
    }

    // endregion

    // region first-completed
    static String fastestMirror(List<String> mirrors) {
        return Weft.run(
                () -> {
                    List<Task<String>> tasks = new ArrayList<>();
                    for (String m : mirrors) {
                        tasks.add(Weft.fork(() -> download(m)));
                    }
                    WaitResult<String> r =
                            Weft.wait(tasks, WaitMode.FIRST_COMPLETED, Duration.ofSeconds(5));
                    r.pending().forEach(Task::cancel); // wait never cancels: do it yourself
                    return r.done().isEmpty() ? "none" : r.done().iterator().next().join();
                });
    }

    // endregion

    // region as-completed
    static void printAsTheyArrive(List<String> symbols) {
        Weft.run(
                () -> {
                    List<Task<String>> tasks = new ArrayList<>();
                    for (String s : symbols) {
                        tasks.add(Weft.fork(() -> slowQuote(s)));
                    }
                    for (Task<String> t : Weft.asCompleted(tasks, Duration.ofSeconds(5))) {
                        System.out.println(t.join()); // fastest first
                    }
                });
    }

    // endregion

    static String slowQuote(String symbol) {
        Weft.sleep(Duration.ofMillis(symbol.length() * 50L));
        return symbol + "=" + symbol.length();
    }

    static String download(String mirror) {
        Weft.sleep(Duration.ofMillis(mirror.length() * 20L));
        return mirror;
    }
}

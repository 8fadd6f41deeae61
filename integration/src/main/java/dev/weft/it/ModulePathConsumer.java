package dev.weft.it;

import dev.weft.Channel;
import dev.weft.Generator;
import dev.weft.Scope;
import dev.weft.Task;
import dev.weft.Weft;
import dev.weft.io.files.TempPath;
import dev.weft.io.files.WeftFiles;
import dev.weft.io.http.HttpSession;
import dev.weft.io.net.TcpConnection;
import dev.weft.io.net.TcpServer;
import dev.weft.io.process.Command;
import dev.weft.test.VirtualClock;
import dev.weft.test.http.JsonPlaceholderServer;

import java.lang.module.ModuleDescriptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Uses every published Weft module from a named module on the module path, as a modular application
 * would: checks that each module is a named module exporting exactly its API packages to this
 * module, and that real work goes through each. Prints one line when every check passed; otherwise
 * every check with its result, and exits with status 1.
 */
public final class ModulePathConsumer {
    private static final List<String> report = new ArrayList<>();
    private static int failed;

    public static void main(String[] args) throws Exception {
        Module self = ModulePathConsumer.class.getModule();
        check(
                self.isNamed() && self.getName().equals("dev.weft.it"),
                "the consumer runs as a named module: " + self);

        exports(Weft.class.getModule(), "dev.weft", Set.of("dev.weft"));
        exports(
                HttpSession.class.getModule(),
                "dev.weft.io",
                Set.of(
                        "dev.weft.io.files",
                        "dev.weft.io.http",
                        "dev.weft.io.net",
                        "dev.weft.io.process"));
        exports(
                JsonPlaceholderServer.class.getModule(),
                "dev.weft.test",
                Set.of("dev.weft.test", "dev.weft.test.http"));

        // core: a scope, two tasks and a channel
        int sum =
                Weft.run(
                        () -> {
                            Channel<Integer> numbers = Channel.bounded(4);
                            try (Scope scope = Scope.open()) {
                                scope.fork(
                                        () -> {
                                            for (int i = 1; i <= 10; i++) {
                                                numbers.send(i);
                                            }
                                            numbers.close();
                                        });
                                Task<Integer> total =
                                        scope.fork(
                                                () ->
                                                        numbers.stream()
                                                                .mapToInt(Integer::intValue)
                                                                .sum());
                                scope.join();
                                return total.resultNow();
                            }
                        });
        check(sum == 55, "core: a scope summed a channel's 10 numbers to " + sum);

        // core: a generator and a platform-thread call
        int squares =
                Weft.run(
                        () -> {
                            try (Generator<Integer> g =
                                    Generator.start(
                                            out -> {
                                                for (int i = 1; i <= 4; i++) {
                                                    out.emit(i * i);
                                                }
                                            })) {
                                return g.stream().mapToInt(Integer::intValue).sum()
                                        + Weft.onPlatformThread(() -> 0);
                            }
                        });
        check(squares == 30, "core: a generator's squares of 1..4 summed to " + squares);

        // weft-test, virtual time, with no JUnit on the module path (it is optional): an hour of
        // sleep and a timeout take no real time and read exactly
        long realStart = System.nanoTime();
        try (VirtualClock clock = VirtualClock.install()) {
            boolean timedOut =
                    Weft.run(
                            () ->
                                    Weft.withTimeoutOrEmpty(
                                                    Duration.ofMinutes(30),
                                                    () -> {
                                                        Weft.sleep(Duration.ofHours(1));
                                                        return "late";
                                                    })
                                            .isEmpty());
            check(
                    timedOut && clock.elapsed().equals(Duration.ofMinutes(30)),
                    "weft-test: a 30-minute timeout around an hour of sleep expired at virtual "
                            + clock.elapsed());
        }
        check(
                System.nanoTime() - realStart < Duration.ofSeconds(20).toNanos(),
                "weft-test: the virtual half hour took "
                        + (System.nanoTime() - realStart) / 1_000_000
                        + " ms of real time");

        // io, files: an atomic write and a read in a temporary directory
        try (TempPath dir = WeftFiles.tempDirectory("weft-it-")) {
            String text =
                    Weft.run(
                            () -> {
                                WeftFiles.writeString(dir.path().resolve("a.txt"), "module path");
                                return WeftFiles.readString(dir.path().resolve("a.txt"));
                            });
            check(text.equals("module path"), "io files: wrote and read back '" + text + "'");
        }

        // io, HTTP, against weft-test's local server: one GET
        try (JsonPlaceholderServer server = JsonPlaceholderServer.start();
                HttpSession http = HttpSession.builder().baseUri(server.baseUri()).build()) {
            String body = Weft.run(() -> http.get("/posts/1").text());
            check(
                    body.contains("\"userId\": 1,") && body.contains("\"id\": 1,"),
                    "io http and weft-test: GET /posts/1 returned post 1 ("
                            + body.length()
                            + " chars)");
        }

        // io, TCP: a server task per connection, one line echoed
        String echoed =
                Weft.run(
                        () -> {
                            TcpServer server =
                                    TcpServer.builder()
                                            .start(conn -> conn.writeLine(conn.readLine()));
                            try (TcpConnection conn =
                                    TcpConnection.open("127.0.0.1", server.port())) {
                                conn.writeLine("over the module path");
                                return conn.readLine();
                            } finally {
                                server.shutdown(Duration.ofSeconds(5));
                                server.join();
                            }
                        });
        check(
                "over the module path".equals(echoed),
                "io net: a TCP server echoed '" + echoed + "'");

        // io, processes: run a program to its end
        String out =
                Command.of("echo", "from a subprocess").run().requireSuccess().stdoutText().strip();
        check(out.equals("from a subprocess"), "io process: echo printed '" + out + "'");

        if (failed > 0) {
            System.err.println(
                    "module-path consumer: " + failed + " of " + report.size() + " checks failed:");
            report.forEach(line -> System.err.println("  " + line));
            System.exit(1);
        }
        System.out.println("module-path consumer: all " + report.size() + " checks passed");
    }

    /**
     * The module is named {@code name} and exports exactly {@code api}, unqualified, to this
     * module.
     */
    private static void exports(Module module, String name, Set<String> api) {
        check(
                module.isNamed() && module.getName().equals(name),
                "module " + name + " is named: " + module);
        ModuleDescriptor d = module.getDescriptor();
        Set<String> open =
                d.exports().stream()
                        .filter(e -> !e.isQualified())
                        .map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toCollection(TreeSet::new));
        check(
                open.equals(new TreeSet<>(api)),
                name + " exports " + open + " to everyone (expected " + api + ")");
        Module self = ModulePathConsumer.class.getModule();
        Set<String> hidden = new TreeSet<>(module.getPackages());
        hidden.removeAll(api);
        for (String pkg : hidden) {
            check(!module.isExported(pkg, self), name + " keeps " + pkg + " from its users");
        }
        check(
                !d.isAutomatic() && !d.isOpen(),
                name + " is an explicit module, not automatic and not open");
    }

    private static void check(boolean ok, String what) {
        report.add((ok ? "ok   " : "FAIL ") + what);
        if (!ok) {
            failed++;
        }
    }
}

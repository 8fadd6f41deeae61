package dev.weft.bench;

import dev.weft.Weft;
import dev.weft.io.net.TcpServer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * TCP line echo: Weft's {@code TcpServer} beside the JDK floor (a plain blocking {@code
 * SocketChannel} echo, one virtual thread per connection, no Weft), an asyncio streams server
 * (Python, its own process) and a Netty 4.2 NIO server, all driven by the same client — plain
 * {@code java.net.Socket} on virtual threads, no Weft — in this JVM.
 *
 * <p>Two workloads: <b>round trips</b> (C connections each sending N lines of 64 bytes and reading
 * each echo before the next) and <b>connections per second</b> (C workers each opening a
 * connection, doing one round trip and closing it, K times). The servers are interleaved in rounds
 * (the order rotates each round), after one warm-up trial each; each comparison reports the median
 * and min–max of the rounds, and the ratio of medians, marked "unclear" when the spreads overlap.
 * Each round trip run also records the CPU time it cost, client included: this JVM's process CPU
 * time plus, for asyncio, its process's; unlike the rates it hardly depends on the machine's load
 * or on how many threads each server runs.
 *
 * <p>Weft and the JDK floor run their connections on the same two carrier threads as the client;
 * Netty's event loops are threads of their own, and asyncio has its own process: under load from
 * other processes those get a larger share of the cores (measured: with four carriers instead of
 * two, Weft's rate rose to Netty's while its CPU per round trip stayed the same).
 *
 * <p>Run: {@code mvn -B -q -pl bench -am -DskipTests package exec:exec -Dbench.args="--net"}
 * ({@code --net --quick} for a smoke run). Writes {@code results/net-echo.md} (quick runs: {@code
 * results/tmp/net-echo.md}).
 */
public final class NetEchoBench {
    private static final byte[] LINE = ("x".repeat(63) + "\n").getBytes(StandardCharsets.US_ASCII);

    private NetEchoBench() {}

    /** A server under test: started once, stopped at the end. */
    interface Target {
        String name();

        int port();

        void stop() throws Exception;

        /** The server's own process, when it is not this JVM. */
        default Optional<ProcessHandle> process() {
            return Optional.empty();
        }
    }

    /**
     * Runs the comparison.
     *
     * @param home the bench module's directory
     * @param quick a smoke run
     * @throws Exception if a server or the client fails
     */
    public static void run(Path home, boolean quick) throws Exception {
        int rounds = quick ? 3 : 9;
        int connections = 50;
        int trips = quick ? 400 : 2000;
        int connectsPerWorker = quick ? 40 : 200;
        List<Target> targets = List.of(weft(), jdkFloor(), netty(), asyncio(home));
        Map<String, List<Double>> rt = new LinkedHashMap<>();
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        Map<String, List<Double>> cps = new LinkedHashMap<>();
        try {
            for (Target t : targets) {
                roundTrips(t.port(), connections, trips / 4); // warm-up
                connects(t.port(), connections, connectsPerWorker / 4);
                rt.put(t.name(), new ArrayList<>());
                cpu.put(t.name(), new ArrayList<>());
                cps.put(t.name(), new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < targets.size(); i++) {
                    Target t = targets.get((i + r) % targets.size());
                    long cpu0 = cpuNanos(t);
                    rt.get(t.name()).add(roundTrips(t.port(), connections, trips));
                    cpu.get(t.name())
                            .add((cpuNanos(t) - cpu0) / 1e3 / ((double) connections * trips));
                    cps.get(t.name()).add(connects(t.port(), connections, connectsPerWorker));
                }
                System.err.println("net echo: round " + (r + 1) + "/" + rounds + " done");
            }
        } finally {
            for (Target t : targets) {
                t.stop();
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(
                "# TCP echo: Weft `TcpServer` beside the JDK floor, asyncio streams and Netty\n\n");
        md.append("JDK ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ")
                .append(rounds)
                .append(" interleaved rounds")
                .append(quick ? " (quick run)" : "")
                .append(".\n");
        md.append(
                        "Same client for every server: plain `java.net.Socket` on virtual threads in the bench JVM, ")
                .append(connections)
                .append(" concurrent connections; lines of 64 bytes.\n");
        md.append(
                "Weft, the JDK floor (a blocking `SocketChannel` echo, one virtual thread per connection) and "
                        + "Netty (NIO, 2 worker threads) run in the bench JVM; asyncio (Debian's python3) in its own process. "
                        + "Weft and the floor share the JVM's two carrier threads with the client; Netty's event loops and "
                        + "asyncio's process are threads of their own, which get a larger share of the cores when other "
                        + "processes load the machine.\n\n");
        table(
                md,
                "round trips/s (" + connections + " connections × " + trips + " round trips)",
                rt);
        table(
                md,
                "CPU µs per round trip (client and server, same runs; lower is better)",
                cpu,
                true);
        table(
                md,
                "connections/s (connect, one round trip, close; "
                        + connections
                        + " workers × "
                        + connectsPerWorker
                        + ")",
                cps);
        Path out = quick ? home.resolve("results/tmp") : home.resolve("results");
        Files.createDirectories(out);
        Files.writeString(out.resolve("net-echo.md"), md.toString());
        System.out.print(md);
    }

    private static void table(StringBuilder md, String title, Map<String, List<Double>> figures) {
        table(md, title, figures, false);
    }

    /**
     * A table of medians and spreads with Weft's advantage over each peer: Weft ÷ peer for rates,
     * peer ÷ Weft for costs ({@code cost}), so above 1× Weft is better either way.
     */
    private static void table(
            StringBuilder md, String title, Map<String, List<Double>> figures, boolean cost) {
        md.append("| ")
                .append(title)
                .append(" | median | min–max | ")
                .append(cost ? "peer ÷ Weft" : "Weft ÷ peer")
                .append(" |\n|---|---:|---:|---:|\n");
        double[] weft = sorted(figures.get("Weft TcpServer"));
        String number = cost ? "%,.2f" : "%,.0f";
        for (Map.Entry<String, List<Double>> e : figures.entrySet()) {
            double[] v = sorted(e.getValue());
            String ratio = "—";
            if (!e.getKey().equals("Weft TcpServer")) {
                boolean overlap = weft[0] <= v[v.length - 1] && v[0] <= weft[weft.length - 1];
                double advantage = cost ? median(v) / median(weft) : median(weft) / median(v);
                ratio =
                        String.format(
                                Locale.ROOT, "%.2f×%s", advantage, overlap ? " (unclear)" : "");
            }
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | " + number + " | " + number + "–" + number + " | %s |%n",
                            e.getKey(),
                            median(v),
                            v[0],
                            v[v.length - 1],
                            ratio));
        }
        md.append('\n');
    }

    /** CPU time used so far by this JVM and by the target's own process, if it has one. */
    private static long cpuNanos(Target t) {
        long jvm =
                ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime();
        return jvm
                + t.process()
                        .flatMap(p -> p.info().totalCpuDuration())
                        .map(Duration::toNanos)
                        .orElse(0L);
    }

    static double[] sorted(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v;
    }

    static double median(double[] v) {
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    // ---- the client ---------------------------------------------------------------------------

    /** Round trips per second over {@code connections} connections doing {@code trips} each. */
    static double roundTrips(int port, int connections, int trips) throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Socket> sockets = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                Socket s = new Socket();
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress("127.0.0.1", port));
                sockets.add(s);
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (Socket s : sockets) {
                fs.add(
                        ex.submit(
                                () -> {
                                    go.await();
                                    OutputStream out = s.getOutputStream();
                                    InputStream in = s.getInputStream();
                                    byte[] buf = new byte[LINE.length];
                                    for (int i = 0; i < trips; i++) {
                                        out.write(LINE);
                                        readEcho(in, buf);
                                    }
                                    return null;
                                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<?> f : fs) {
                f.get();
            }
            long t1 = System.nanoTime();
            for (Socket s : sockets) {
                s.close();
            }
            return (double) connections * trips / ((t1 - t0) / 1e9);
        }
    }

    /**
     * Connections per second: {@code workers} each connecting, one round trip, closing, {@code
     * each} times.
     */
    static double connects(int port, int workers, int each) throws Exception {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                fs.add(
                        ex.submit(
                                () -> {
                                    go.await();
                                    byte[] buf = new byte[LINE.length];
                                    for (int i = 0; i < each; i++) {
                                        try (Socket s = new Socket()) {
                                            s.setTcpNoDelay(true);
                                            s.connect(new InetSocketAddress("127.0.0.1", port));
                                            s.getOutputStream().write(LINE);
                                            readEcho(s.getInputStream(), buf);
                                        }
                                    }
                                    return null;
                                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            for (Future<?> f : fs) {
                f.get();
            }
            long t1 = System.nanoTime();
            return (double) workers * each / ((t1 - t0) / 1e9);
        }
    }

    private static void readEcho(InputStream in, byte[] buf) throws IOException {
        int have = 0;
        while (have < buf.length) {
            int n = in.read(buf, have, buf.length - have);
            if (n < 0) {
                throw new IOException("server closed the connection after " + have + " bytes");
            }
            have += n;
        }
    }

    // ---- the servers --------------------------------------------------------------------------

    static Target weft() throws Exception {
        CountDownLatch bound = new CountDownLatch(1);
        CountDownLatch stop = new CountDownLatch(1);
        int[] port = new int[1];
        Thread owner =
                Thread.ofPlatform()
                        .name("weft-echo-owner")
                        .start(
                                () ->
                                        Weft.run(
                                                () -> {
                                                    TcpServer server =
                                                            TcpServer.builder()
                                                                    .backlog(1024)
                                                                    .maxConnections(4096)
                                                                    .start(
                                                                            conn -> {
                                                                                for (String line;
                                                                                        (line =
                                                                                                        conn
                                                                                                                .readLine())
                                                                                                != null; ) {
                                                                                    conn.writeLine(
                                                                                            line);
                                                                                }
                                                                            });
                                                    port[0] = server.port();
                                                    bound.countDown();
                                                    stop.await();
                                                    server.close();
                                                }));
        bound.await();
        return new Target() {
            public String name() {
                return "Weft TcpServer";
            }

            public int port() {
                return port[0];
            }

            public void stop() throws InterruptedException {
                stop.countDown();
                owner.join();
            }
        };
    }

    /**
     * The floor: what the JDK alone does with one virtual thread per connection — a blocking {@code
     * SocketChannel} read into a buffer and written back, no line parsing, no Weft.
     */
    static Target jdkFloor() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        threads.submit(
                () -> {
                    while (true) {
                        java.nio.channels.SocketChannel c = listener.accept();
                        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        threads.submit(
                                () -> {
                                    ByteBuffer buffer = ByteBuffer.allocate(8192);
                                    try (c) {
                                        while (c.read(buffer) >= 0) {
                                            buffer.flip();
                                            while (buffer.hasRemaining()) {
                                                c.write(buffer);
                                            }
                                            buffer.clear();
                                        }
                                    }
                                    return null;
                                });
                    }
                });
        int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        return new Target() {
            public String name() {
                return "JDK floor (SocketChannel, virtual threads)";
            }

            public int port() {
                return port;
            }

            public void stop() throws IOException {
                listener.close(); // ends the accept loop
                threads.shutdownNow(); // interrupts the connections' threads, which closes their
                // channels
                threads.close();
            }
        };
    }

    static Target netty() throws InterruptedException {
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        ChannelFuture bind =
                new ServerBootstrap()
                        .group(boss, workers)
                        .channel(NioServerSocketChannel.class)
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childHandler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        ch.pipeline()
                                                .addLast(
                                                        new LineBasedFrameDecoder(
                                                                64 * 1024, false, false),
                                                        new ChannelInboundHandlerAdapter() {
                                                            @Override
                                                            public void channelRead(
                                                                    ChannelHandlerContext ctx,
                                                                    Object msg) {
                                                                ctx.write((ByteBuf) msg);
                                                            }

                                                            @Override
                                                            public void channelReadComplete(
                                                                    ChannelHandlerContext ctx) {
                                                                ctx.flush();
                                                            }

                                                            @Override
                                                            public void exceptionCaught(
                                                                    ChannelHandlerContext ctx,
                                                                    Throwable cause) {
                                                                ctx.close();
                                                            }
                                                        });
                                    }
                                })
                        .bind("127.0.0.1", 0)
                        .sync();
        int port = ((InetSocketAddress) bind.channel().localAddress()).getPort();
        return new Target() {
            public String name() {
                return "Netty 4.2 NIO";
            }

            public int port() {
                return port;
            }

            public void stop() throws InterruptedException {
                bind.channel().close().sync();
                boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
                workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        };
    }

    static Target asyncio(Path home) throws IOException {
        Process p =
                new ProcessBuilder(
                                "/usr/bin/python3",
                                home.resolve("src/main/python/asyncio_echo.py").toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT)
                        .start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null) {
            p.destroyForcibly();
            throw new IOException("the asyncio echo server did not start");
        }
        int port = Integer.parseInt(line.trim());
        return new Target() {
            public String name() {
                return "asyncio streams";
            }

            public int port() {
                return port;
            }

            public Optional<ProcessHandle> process() {
                return Optional.of(p.toHandle());
            }

            public void stop() throws InterruptedException {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        };
    }
}

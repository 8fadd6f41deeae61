package dev.weft.samples;

import dev.weft.Channel;
import dev.weft.ChannelClosedException;
import dev.weft.Context;
import dev.weft.Event;
import dev.weft.Limiter;
import dev.weft.Select;
import dev.weft.SelectClause;
import dev.weft.Weft;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Demo: a job dispatcher built from Weft's coordination primitives.
 *
 * <ul>
 *   <li>an {@link Event} (asyncio's {@code Event}): the workers start at once but wait until the
 *       configuration is loaded;
 *   <li>{@link Select} (Go's {@code select}): one dispatcher loop takes jobs from two channels,
 *       urgent and normal, whichever has one ready, and hands each to a worker over a third;
 *   <li>a {@link Limiter} (asyncio's {@code Semaphore}, Trio's {@code CapacityLimiter}): four
 *       workers share two database connections;
 *   <li>{@link Context} (asyncio's {@code contextvars}) and the SLF4J MDC: a worker tags each job,
 *       and the audit task it forks sees the tag, as does every log line it writes;
 *   <li>{@link Weft#checkpoint()}: the audit's CPU-bound loop stays cancellable.
 * </ul>
 *
 * Every stage runs in one scope: when the producers are done they close their channels, the
 * dispatcher closes the workers' channel when both are drained, and the scope ends when the last
 * worker has. Each line states what the run measured. Prints:
 *
 * <pre>
 * dispatcher: the 4 workers waited for the configuration (pool=2) before their first job
 * dispatcher: 18 jobs done, 6 urgent and 12 normal, taken from two channels by one select loop
 * dispatcher: never more than 2 jobs held a database connection at once (2 connections)
 * dispatcher: each of the 18 audits saw its job's id through the context and the MDC
 * </pre>
 *
 * The audit's log line (DEBUG, below the samples' WARN level) carries the job id from the MDC.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Context.Key<String> JOB = Context.key("job");
    private static final int WORKERS = 4;
    private static final int CONNECTIONS = 2;
    private static final int URGENT = 6;
    private static final int NORMAL = 12;

    /** What the run observed, updated by every task. */
    private static final class Stats {
        final AtomicInteger startedEarly = new AtomicInteger();
        final AtomicInteger urgent = new AtomicInteger();
        final AtomicInteger normal = new AtomicInteger();
        final AtomicInteger connected = new AtomicInteger();
        final AtomicInteger mostConnected = new AtomicInteger();
        final AtomicInteger audited = new AtomicInteger();
    }

    public static void main(String[] args) {
        Stats stats = new Stats();
        AtomicReference<String> config = new AtomicReference<>();
        Event configured = new Event();
        Limiter database = new Limiter(CONNECTIONS);
        Channel<String> urgent = Channel.bounded(2);
        Channel<String> normal = Channel.bounded(2);
        Channel<String> jobs = Channel.rendezvous();
        Weft.run(
                () ->
                        Weft.scope(
                                s -> {
                                    s.fork(
                                            "load-config",
                                            () -> {
                                                Weft.sleep(
                                                        Duration.ofMillis(
                                                                100)); // reading the configuration
                                                config.set("pool=" + CONNECTIONS);
                                                configured.set();
                                            });
                                    s.fork(
                                            "urgent-producer",
                                            () -> produce(urgent, "urgent", URGENT));
                                    s.fork(
                                            "normal-producer",
                                            () -> produce(normal, "normal", NORMAL));
                                    s.fork(
                                            "dispatcher",
                                            () -> dispatch(List.of(urgent, normal), jobs));
                                    for (int w = 1; w <= WORKERS; w++) {
                                        s.fork(
                                                "worker-" + w,
                                                () ->
                                                        work(
                                                                jobs,
                                                                config,
                                                                configured,
                                                                database,
                                                                stats));
                                    }
                                }));
        System.out.println(
                stats.startedEarly.get() == 0
                        ? "dispatcher: the "
                                + WORKERS
                                + " workers waited for the configuration ("
                                + config.get()
                                + ") before their first job"
                        : "dispatcher: "
                                + stats.startedEarly.get()
                                + " workers took a job before the configuration was loaded");
        System.out.println(
                "dispatcher: "
                        + (stats.urgent.get() + stats.normal.get())
                        + " jobs done, "
                        + stats.urgent.get()
                        + " urgent and "
                        + stats.normal.get()
                        + " normal,"
                        + " taken from two channels by one select loop");
        int most = stats.mostConnected.get();
        System.out.println(
                most <= CONNECTIONS
                        ? "dispatcher: never more than "
                                + CONNECTIONS
                                + " jobs held a database connection at once ("
                                + CONNECTIONS
                                + " connections)"
                        : "dispatcher: "
                                + most
                                + " jobs held a database connection at once, over the limit of "
                                + CONNECTIONS);
        int total = stats.urgent.get() + stats.normal.get();
        System.out.println(
                stats.audited.get() == total
                        ? "dispatcher: each of the "
                                + total
                                + " audits saw its job's id through the context and the MDC"
                        : "dispatcher: only "
                                + stats.audited.get()
                                + " of "
                                + total
                                + " audits saw their job's id");
    }

    private static void produce(Channel<String> out, String kind, int count) {
        try {
            for (int i = 1; i <= count; i++) {
                out.send(kind + "-" + i);
            }
        } finally {
            out.close();
        }
    }

    /** Takes each job from whichever input channel has one, until both are closed and drained. */
    private static void dispatch(List<Channel<String>> inputs, Channel<String> jobs) {
        try {
            List<Channel<String>> open = new ArrayList<>(inputs);
            while (true) {
                open.removeIf(Channel::isDone);
                if (open.isEmpty()) {
                    return;
                }
                List<SelectClause<String>> clauses = new ArrayList<>();
                for (Channel<String> c : open) {
                    clauses.add(Select.receive(c));
                }
                try {
                    jobs.send(Select.select(clauses));
                } catch (ChannelClosedException drained) {
                    // one input is done; the next round leaves it out
                }
            }
        } finally {
            jobs.close();
        }
    }

    private static void work(
            Channel<String> jobs,
            AtomicReference<String> config,
            Event configured,
            Limiter database,
            Stats stats)
            throws Exception {
        configured.await();
        for (String job : jobs) {
            if (config.get() == null) {
                stats.startedEarly.incrementAndGet();
            }
            (job.startsWith("urgent") ? stats.urgent : stats.normal).incrementAndGet();
            Context.set(JOB, job);
            MDC.put("job", job);
            database.run(
                    () -> { // holds one of the connections while the query runs
                        int now = stats.connected.incrementAndGet();
                        stats.mostConnected.accumulateAndGet(now, Math::max);
                        Weft.sleep(Duration.ofMillis(20)); // the query
                        return stats.connected.decrementAndGet();
                    });
            // The audit task starts with a copy of this task's context and MDC.
            boolean sawJob = Weft.fork(() -> audit(job)).join();
            if (sawJob) {
                stats.audited.incrementAndGet();
            }
        }
    }

    private static boolean audit(String job) {
        long digest = 0;
        for (int i = 0; i < 100_000; i++) {
            if (i % 10_000 == 0) {
                Weft.checkpoint(); // a long CPU loop stays cancellable
            }
            digest = digest * 31 + job.charAt(i % job.length());
        }
        LOG.debug(
                "audited, digest {}",
                Long.toHexString(digest)); // the log line carries job=<id> from the MDC
        return Context.get(JOB).orElse("").equals(job) && job.equals(MDC.get("job"));
    }
}

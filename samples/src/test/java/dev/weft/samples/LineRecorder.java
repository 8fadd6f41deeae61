package dev.weft.samples;

import dev.weft.Weft;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Captures what a sample prints, line by line, with the moment each line was completed (measured
 * from the recorder's creation on Weft's clock, {@link Weft#nanoTime()}: virtual time in a
 * {@code @VirtualTime} test, where the moments are exact). Lines are kept in the order they were
 * printed, so tests assert order from the recording, not from wall-clock comparisons.
 */
public final class LineRecorder extends OutputStream {
    /** One printed line and when its newline arrived, since the recorder was created. */
    public record Line(String text, Duration at) {}

    private final long start = Weft.nanoTime();
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private final List<Line> lines = new ArrayList<>();
    private final BlockingQueue<Line> arrivals = new LinkedBlockingQueue<>();
    private final PrintStream out = new PrintStream(this, true, StandardCharsets.UTF_8);

    /** The stream to hand to a sample. */
    public PrintStream out() {
        return out;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            String text = current.toString(StandardCharsets.UTF_8);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            Line line = new Line(text, Duration.ofNanos(Weft.nanoTime() - start));
            lines.add(line);
            arrivals.add(line);
            current.reset();
        } else {
            current.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** The complete lines printed so far, in order. */
    public synchronized List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The texts of the complete lines printed so far, in order. */
    public synchronized List<String> texts() {
        return lines.stream().map(Line::text).toList();
    }

    /** Time since the recorder was created. */
    public Duration elapsed() {
        return Duration.ofNanos(Weft.nanoTime() - start);
    }

    /**
     * The lines printed so far, each after the moment it was printed in seconds with three decimals
     * ({@code "1.000 s Task 1 completed"}): for exact assertions in virtual time.
     */
    public synchronized List<String> timeline() {
        return lines.stream()
                .map(l -> String.format(Locale.ROOT, "%.3f s %s", l.at().toNanos() / 1e9, l.text()))
                .toList();
    }

    /**
     * Waits for the next line to be printed.
     *
     * @return the line, or null if none came within the timeout
     */
    public Line awaitLine(Duration timeout) throws InterruptedException {
        return arrivals.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}

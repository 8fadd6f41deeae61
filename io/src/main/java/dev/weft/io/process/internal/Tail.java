package dev.weft.io.process.internal;

import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * The last bytes written to it (a ring of fixed size): the tail of a process's stderr. Thread-safe.
 */
public final class Tail {
    /** How many bytes of stderr are kept for error messages. */
    public static final int SIZE = 8 * 1024;

    private final byte[] ring = new byte[SIZE];
    private long written;

    /** Appends {@code n} bytes of {@code b}. */
    public synchronized void append(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            ring[(int) (written++ % SIZE)] = b[i];
        }
    }

    /** Appends a note (such as why the stream could not be read), as text in {@code charset}. */
    public void note(String text, Charset charset) {
        byte[] b = text.getBytes(charset);
        append(b, b.length);
    }

    /** The kept bytes, oldest first. */
    public synchronized byte[] bytes() {
        int len = (int) Math.min(written, SIZE);
        byte[] out = new byte[len];
        int start = (int) ((written - len) % SIZE);
        for (int i = 0; i < len; i++) {
            out[i] = ring[(start + i) % SIZE];
        }
        return out;
    }

    /**
     * The last {@code maxLines} lines of the kept text, at most {@code maxChars} characters, for an
     * exception message; a first line cut by the ring is dropped.
     */
    public String lastLines(Charset charset, int maxLines, int maxChars) {
        byte[] b = bytes();
        boolean cut;
        synchronized (this) {
            cut = written > SIZE;
        }
        return lastLines(new String(b, charset), cut, maxLines, maxChars);
    }

    static String lastLines(String text, boolean cut, int maxLines, int maxChars) {
        String t = text.stripTrailing();
        String[] lines = t.split("\r?\n", -1);
        int from = Math.max(cut ? 1 : 0, lines.length - maxLines);
        String joined =
                String.join(
                        "\n",
                        Arrays.asList(lines).subList(Math.min(from, lines.length), lines.length));
        if (joined.length() > maxChars) {
            joined = "…" + joined.substring(joined.length() - maxChars + 1);
        }
        return joined;
    }
}

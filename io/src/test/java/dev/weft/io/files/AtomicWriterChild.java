package dev.weft.io.files;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Child process for {@link KilledWriterTest}: rewrites a file atomically in a loop, each round with
 * one repeated byte, and prints the round number after each write, until killed.
 */
public final class AtomicWriterChild {
    private AtomicWriterChild() {}

    /**
     * Runs the loop.
     *
     * @param args the target file and the content size in bytes
     * @throws Exception never expected; the parent kills this process
     */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        byte[] content = new byte[Integer.parseInt(args[1])];
        for (int round = 0; ; round++) {
            Arrays.fill(content, (byte) ('a' + round % 26));
            WeftFiles.write(target, content);
            System.out.println(round);
            System.out.flush();
        }
    }
}

package dev.weft.samples;

import dev.weft.Weft;
import dev.weft.io.files.TempPath;
import dev.weft.io.files.WeftFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;

/**
 * Demo: a concurrent checksum of a directory tree. Every file is read and hashed on its own virtual
 * thread, at most {@value #CONCURRENCY} at a time ({@link Weft#map}); the digests come back in
 * input order, so the digest of the whole tree is the same on every run. The one-call helper {@link
 * WeftFiles#checksumTree} does the same and is checked against it. The tree — 4 directories of 25
 * files — is made in a temporary directory and deleted afterwards. Prints:
 *
 * <pre>
 * checksummed 100 files in 4 directories, 16 at a time
 * d0/f00.txt  79da17d2...
 * d0/f01.txt  b1d1e9e0...
 * d0/f02.txt  6f58e0ea...
 * tree sha-256: 945f8409...
 * WeftFiles.checksumTree agrees: yes
 * </pre>
 *
 * Given a directory argument, checksums that directory instead.
 */
public final class TreeChecksum {
    private static final int CONCURRENCY = 16;

    public static void main(String[] args) {
        Weft.run(
                () -> {
                    if (args.length > 0) {
                        checksum(Path.of(args[0]));
                        return;
                    }
                    try (TempPath dir = WeftFiles.tempDirectory("weft-checksum-")) {
                        makeTree(dir.path(), 4, 25);
                        checksum(dir.path());
                    }
                });
    }

    private static void checksum(Path root) throws IOException {
        List<Path> files =
                WeftFiles.walk(root, Files::isRegularFile).stream()
                        .map(root::relativize)
                        .sorted()
                        .toList();
        List<String> sums =
                Weft.map(files, CONCURRENCY, f -> sha256(WeftFiles.readAllBytes(root.resolve(f))));
        long dirs = files.stream().map(Path::getParent).filter(p -> p != null).distinct().count();
        System.out.println(
                "checksummed "
                        + files.size()
                        + " files in "
                        + dirs
                        + " directories, "
                        + CONCURRENCY
                        + " at a time");
        StringBuilder listing = new StringBuilder();
        for (int i = 0; i < files.size(); i++) {
            String line = files.get(i).toString().replace('\\', '/') + "  " + sums.get(i);
            listing.append(line).append('\n');
            if (i < 3) {
                System.out.println(line);
            }
        }
        System.out.println(
                "tree sha-256: " + sha256(listing.toString().getBytes(StandardCharsets.UTF_8)));
        SortedMap<Path, String> oneCall = WeftFiles.checksumTree(root, "SHA-256", CONCURRENCY);
        boolean same =
                List.copyOf(oneCall.keySet()).equals(files)
                        && List.copyOf(oneCall.values()).equals(sums);
        System.out.println("WeftFiles.checksumTree agrees: " + (same ? "yes" : "no"));
    }

    private static void makeTree(Path root, int dirs, int filesPerDir) throws IOException {
        for (int d = 0; d < dirs; d++) {
            Path dir = Files.createDirectories(root.resolve("d" + d));
            for (int f = 0; f < filesPerDir; f++) {
                String text = ("line " + f + " of d" + d + "\n").repeat(100 + 37 * f);
                WeftFiles.writeString(dir.resolve(String.format("f%02d.txt", f)), text);
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

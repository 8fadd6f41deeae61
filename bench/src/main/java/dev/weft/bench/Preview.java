package dev.weft.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles the StructuredTaskScope peer ({@code src/preview/java}, shipped as a resource under
 * {@code preview-src/}) with the running JDK's compiler, {@code --release <running version>} and
 * {@code --enable-preview}, when that JDK is 25 or newer. The Maven build never compiles it, so the
 * build and tests pass on a JDK-21-only machine and nothing published sees a preview API.
 *
 * <p>Thread safety: not meant for concurrent use.
 */
public final class Preview {
    /** The JDK whose preview StructuredTaskScope API the peer is written against. */
    public static final int MIN_FEATURE = 25;

    private static final String SOURCE =
            "preview-src/dev/weft/bench/preview/JdkStructuredPeer.java";

    private Preview() {}

    /**
     * Compiles the peer into {@code outDir}, or says why not.
     *
     * @param outDir where the class files go (created)
     * @param notes receives a line saying what happened
     * @return {@code outDir} when compiled, empty when the peer is skipped
     * @throws IOException if the source cannot be extracted
     */
    public static Optional<Path> compile(Path outDir, List<String> notes) throws IOException {
        int feature = Runtime.version().feature();
        if (feature < MIN_FEATURE) {
            notes.add(
                    "StructuredTaskScope peer skipped: running on JDK "
                            + feature
                            + "; it needs JDK "
                            + MIN_FEATURE
                            + "+ with --enable-preview");
            return Optional.empty();
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            notes.add(
                    "StructuredTaskScope peer skipped: JDK " + feature + " has no javac (a JRE?)");
            return Optional.empty();
        }
        Path srcDir = Files.createTempDirectory("weft-preview-src");
        Path src = srcDir.resolve("JdkStructuredPeer.java");
        try (InputStream in = Preview.class.getClassLoader().getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException("resource " + SOURCE + " missing from the bench jar");
            }
            Files.copy(in, src);
        }
        Files.createDirectories(outDir);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        List<String> args =
                List.of(
                        "--release",
                        Integer.toString(feature),
                        "--enable-preview",
                        "-Xlint:all,-preview",
                        "-Werror",
                        "-proc:none",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-d",
                        outDir.toString(),
                        src.toString());
        boolean ok = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new)) == 0;
        if (!ok) {
            notes.add(
                    "StructuredTaskScope peer skipped: it does not compile against JDK "
                            + feature
                            + "'s preview API: "
                            + diagnostics
                                    .toString(StandardCharsets.UTF_8)
                                    .strip()
                                    .replace('\n', ' '));
            return Optional.empty();
        }
        notes.add(
                "StructuredTaskScope peer: compiled at run time with --release "
                        + feature
                        + " --enable-preview; its forks run with --enable-preview");
        return Optional.of(outDir);
    }
}

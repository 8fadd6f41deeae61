package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Every sample is one self-contained file: copied into a project, or run with the JDK's source
 * launcher and the Weft jars on the class path, it works unchanged. Checked here against {@code
 * target/weft.argfile}, the class path the build writes for the source launcher (the Weft jars and
 * their runtime dependencies, never the samples' own classes).
 */
class StandaloneSamplesTest {
    private static final Path SAMPLES = Path.of("src/main/java/dev/weft/samples");
    private static final Path ARGFILE = Path.of("target/weft.argfile");
    private static final Pattern IMPORT =
            Pattern.compile("^import (static )?([\\w.]+)(\\.\\*)?;$", Pattern.MULTILINE);
    private static final List<String> ALLOWED = List.of("dev.weft.", "java.", "org.slf4j.");

    /**
     * The sample files: every Java file of the samples package itself (the tour lives in a
     * subpackage).
     */
    static List<Path> sampleFiles() {
        try (Stream<Path> files = Files.list(SAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void sayHelloRunsFromItsSourceFileWithTheSourceLauncherAndTheWeftJars() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The command docs/README.md gives, run from the samples module instead of the repository
        // root.
        Process p =
                new ProcessBuilder(
                                java.toString(),
                                "@" + ARGFILE,
                                SAMPLES.resolve("SayHello.java").toString())
                        .redirectErrorStream(false)
                        .start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader =
                Thread.ofVirtual()
                        .start(
                                () -> {
                                    try {
                                        p.getErrorStream().transferTo(err);
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "the launcher did not finish");
        errReader.join();
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "exit status; stderr: " + stderr);
        assertEquals(List.of("Hello", "World"), out.lines().toList());
        assertEquals("", stderr, "nothing on stderr: logging is configured, no warning");
    }

    @Test
    void theArgfileNamesTheWeftJarsAndNotTheSamplesOwnClasses() throws Exception {
        List<String> entries =
                List.of(classPath().split(Pattern.quote(java.io.File.pathSeparator)));
        assertTrue(
                entries.stream()
                        .anyMatch(e -> e.matches(".*/weft-core[^/]*\\.jar|.*/core/target/classes")),
                entries::toString);
        assertTrue(
                entries.stream()
                        .anyMatch(e -> e.matches(".*/weft-io[^/]*\\.jar|.*/io/target/classes")),
                entries::toString);
        assertTrue(entries.stream().anyMatch(e -> e.contains("slf4j-api")), entries::toString);
        assertFalse(
                entries.stream()
                        .anyMatch(
                                e -> e.contains("weft-samples") || e.contains("/samples/target/")),
                entries::toString);
        assertFalse(
                entries.stream().anyMatch(e -> e.contains("junit")),
                "no test dependency: " + entries);
    }

    @TestFactory
    Stream<DynamicTest> eachSampleIsOneFileWithAMainThatCompilesAloneAgainstTheWeftJars(
            @TempDir Path out) {
        List<Path> files = sampleFiles();
        assertTrue(files.size() >= 15, () -> "found only " + files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        // One file manager for every compilation: the jars are opened once.
        StandardJavaFileManager fileManager =
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8);
        String classPath = classPath();
        return files.stream()
                .onClose(() -> close(fileManager))
                .map(
                        file ->
                                DynamicTest.dynamicTest(
                                        file.getFileName().toString(),
                                        () -> {
                                            String source = Files.readString(file);
                                            assertTrue(
                                                    source.contains(
                                                            "    public static void main(String[] args)"),
                                                    file + " has no main");
                                            Matcher m = IMPORT.matcher(source);
                                            while (m.find()) {
                                                String imported = m.group(2);
                                                assertTrue(
                                                        ALLOWED.stream()
                                                                .anyMatch(imported::startsWith),
                                                        () ->
                                                                file
                                                                        + " imports "
                                                                        + imported
                                                                        + ": a sample uses only Weft, the JDK and SLF4J");
                                            }
                                            assertFalse(
                                                    source.contains("dev.weft.samples."),
                                                    file + " refers to another sample");
                                            // Compiled on its own: no other sample on the source or
                                            // class path.
                                            StringWriter diagnostics = new StringWriter();
                                            Path classes =
                                                    Files.createDirectories(
                                                            out.resolve(
                                                                    file.getFileName().toString()));
                                            boolean compiled =
                                                    javac.getTask(
                                                                    diagnostics,
                                                                    fileManager,
                                                                    null,
                                                                    List.of(
                                                                            "--release",
                                                                            "21",
                                                                            "-Xlint:all",
                                                                            "-Werror",
                                                                            "-implicit:none",
                                                                            "-sourcepath",
                                                                            "",
                                                                            "--class-path",
                                                                            classPath,
                                                                            "-d",
                                                                            classes.toString()),
                                                                    null,
                                                                    fileManager.getJavaFileObjects(
                                                                            file))
                                                            .call();
                                            assertTrue(
                                                    compiled,
                                                    () ->
                                                            file
                                                                    + " does not compile alone:\n"
                                                                    + diagnostics);
                                        }));
    }

    private static void close(StandardJavaFileManager fileManager) {
        try {
            fileManager.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class path written into the argfile's first line. */
    private static String classPath() {
        try {
            String first = Files.readAllLines(ARGFILE).get(0);
            Matcher m = Pattern.compile("^--class-path \"(.*)\"$").matcher(first);
            assertTrue(m.matches(), "unexpected first line of " + ARGFILE + ": " + first);
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

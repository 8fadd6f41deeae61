package dev.weft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps the Java code in the Markdown documentation real: every {@code ```java} block in {@code
 * README.md} and {@code docs/**.md} must be preceded by a marker naming its source,
 *
 * <pre>
 * &lt;!-- source: samples/src/main/java/dev/weft/samples/SayHello.java#main --&gt;
 * </pre>
 *
 * where the path is relative to the repository root and {@code #name} (optional) names a region of
 * that file delimited by {@code // region name} and {@code // endregion} lines; without it the
 * whole file is meant. The block must equal its source after both lose their common indentation,
 * trailing whitespace and surrounding blank lines; region marker lines nested inside a region are
 * left out. Other fenced blocks ({@code ```python}, plain {@code ```}) are not checked.
 *
 * <p>The working directory of the tests is the module ({@code core/}), so the repository root is
 * its parent.
 */
class DocSnippetsTest {
    private static final Pattern FENCE = Pattern.compile("^\\s*(```+|~~~+)\\s*([^\\s`]*).*$");
    private static final Pattern MARKER =
            Pattern.compile("^\\s*<!--\\s*source:\\s*([^#\\s]+)(?:#(\\S+))?\\s*-->\\s*$");
    private static final Pattern REGION = Pattern.compile("^\\s*//\\s*region\\s+(\\S+)\\s*$");
    private static final Pattern END_REGION = Pattern.compile("^\\s*//\\s*endregion\\b.*$");

    /** A fenced Java block of a Markdown file and the marker before it (null if none). */
    record Block(
            Path file, int line, String marker, String source, String region, List<String> code) {
        String where() {
            return file + ":" + line;
        }
    }

    static Path repoRoot() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertTrue(
                Files.isRegularFile(root.resolve("pom.xml"))
                        && Files.isDirectory(root.resolve("docs")),
                "tests must run in a module directory under the repository root; got " + root);
        return root;
    }

    static List<Path> markdownFiles(Path root) {
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
            walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * Every {@code java} fenced block of {@code lines}, with the marker on the last non-blank line
     * before it.
     */
    static List<Block> javaBlocks(Path file, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String fence = open.group(1);
            String lang = open.group(2).toLowerCase(java.util.Locale.ROOT);
            int start = i;
            List<String> body = new ArrayList<>();
            i++;
            while (i < lines.size() && !lines.get(i).strip().startsWith(fence)) {
                body.add(lines.get(i));
                i++;
            }
            if (!lang.equals("java")) {
                continue;
            }
            String markerLine = null;
            for (int j = start - 1; j >= 0; j--) {
                if (!lines.get(j).isBlank()) {
                    markerLine = lines.get(j);
                    break;
                }
            }
            Matcher m = markerLine == null ? null : MARKER.matcher(markerLine);
            if (m != null && m.matches()) {
                blocks.add(
                        new Block(
                                file, start + 1, markerLine.strip(), m.group(1), m.group(2), body));
            } else {
                blocks.add(new Block(file, start + 1, null, null, null, body));
            }
        }
        return blocks;
    }

    /** The lines of region {@code name} of {@code source} (the whole file if name is null). */
    static List<String> region(List<String> source, String name) {
        if (name == null) {
            return source;
        }
        int start = -1;
        for (int i = 0; i < source.size(); i++) {
            Matcher m = REGION.matcher(source.get(i));
            if (m.matches() && m.group(1).equals(name)) {
                if (start >= 0) {
                    throw new AssertionError("region '" + name + "' is defined twice");
                }
                start = i;
            }
        }
        if (start < 0) {
            throw new AssertionError("no line '// region " + name + "' in the source");
        }
        List<String> out = new ArrayList<>();
        int depth = 0;
        for (int i = start + 1; i < source.size(); i++) {
            String line = source.get(i);
            if (REGION.matcher(line).matches()) {
                depth++;
                continue;
            }
            if (END_REGION.matcher(line).matches()) {
                if (depth == 0) {
                    return out;
                }
                depth--;
                continue;
            }
            out.add(line);
        }
        throw new AssertionError("region '" + name + "' has no '// endregion'");
    }

    /** Strips trailing whitespace, surrounding blank lines and the common indentation. */
    static List<String> normalize(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.stripTrailing());
        }
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        int indent = Integer.MAX_VALUE;
        for (String l : out) {
            if (!l.isEmpty()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        if (indent == Integer.MAX_VALUE) {
            return out;
        }
        List<String> dedented = new ArrayList<>();
        for (String l : out) {
            dedented.add(l.isEmpty() ? l : l.substring(indent));
        }
        return dedented;
    }

    /** Checks one block; returns null when it matches its source, else what is wrong. */
    static String problem(Path root, Block b) {
        if (b.marker() == null) {
            return b.where()
                    + ": ```java block has no '<!-- source: path#region -->' marker on the line before it";
        }
        Path src = root.resolve(b.source()).normalize();
        if (!src.startsWith(root) || !Files.isRegularFile(src)) {
            return b.where() + ": source " + b.source() + " does not exist";
        }
        List<String> expected;
        try {
            expected = normalize(region(Files.readAllLines(src), b.region()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (AssertionError e) {
            return b.where() + ": " + b.source() + ": " + e.getMessage();
        }
        List<String> actual = normalize(b.code());
        if (expected.equals(actual)) {
            return null;
        }
        int n = 0;
        while (n < expected.size() && n < actual.size() && expected.get(n).equals(actual.get(n))) {
            n++;
        }
        return b.where()
                + ": block differs from "
                + b.source()
                + (b.region() == null ? "" : "#" + b.region())
                + " at its line "
                + (n + 1)
                + "\n  source:   "
                + (n < expected.size() ? expected.get(n) : "<end>")
                + "\n  markdown: "
                + (n < actual.size() ? actual.get(n) : "<end>")
                + "\n--- the source region, to paste ---\n"
                + String.join("\n", expected);
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockInTheDocsMatchesItsSource() throws IOException {
        Path root = repoRoot();
        List<DynamicTest> tests = new ArrayList<>();
        for (Path md : markdownFiles(root)) {
            for (Block b : javaBlocks(root.relativize(md), Files.readAllLines(md))) {
                tests.add(
                        DynamicTest.dynamicTest(
                                b.where(),
                                () -> {
                                    String p = problem(root, b);
                                    if (p != null) {
                                        throw new AssertionError(p);
                                    }
                                }));
            }
        }
        assertFalse(
                tests.isEmpty(), "found no ```java block at all: is the repository root right?");
        return tests.stream();
    }

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void everyRelativeLinkInTheDocsPointsToAFileThatExists() throws IOException {
        Path root = repoRoot();
        List<String> broken = new ArrayList<>();
        for (Path md : markdownFiles(root)) {
            List<String> lines = Files.readAllLines(md);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINK.matcher(lines.get(i));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.contains("://")
                            || target.startsWith("#")
                            || target.startsWith("mailto:")) {
                        continue;
                    }
                    int hash = target.indexOf('#');
                    Path resolved =
                            md.getParent()
                                    .resolve(hash < 0 ? target : target.substring(0, hash))
                                    .normalize();
                    String rel = root.relativize(resolved).toString().replace('\\', '/');
                    if (!Files.exists(resolved)) {
                        broken.add(root.relativize(md) + ":" + (i + 1) + ": " + target);
                    }
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    // ---- the checker checks: a block with no marker, a stale block and a good one --------------

    @Test
    void aJavaBlockWithoutMarkerIsReported() {
        List<Block> blocks =
                javaBlocks(Path.of("x.md"), List.of("Text", "", "```java", "int x = 1;", "```"));
        assertEquals(1, blocks.size());
        String p = problem(repoRoot(), blocks.get(0));
        assertTrue(p != null && p.contains("no '<!-- source"), p);
    }

    @Test
    void pythonAndPlainBlocksAreNotChecked() {
        assertTrue(
                javaBlocks(
                                Path.of("x.md"),
                                List.of(
                                        "```python",
                                        "await x",
                                        "```",
                                        "```",
                                        "mvn -B verify",
                                        "```"))
                        .isEmpty());
    }

    @Test
    void aBlockIsComparedWithItsRegionIgnoringIndentationAndTrailingSpace() {
        List<String> source =
                List.of(
                        "class A {",
                        "    void f() {",
                        "        // region r",
                        "        int x = 1;  ",
                        "        // region inner",
                        "        x++;",
                        "        // endregion",
                        "        // endregion",
                        "    }",
                        "}");
        assertEquals(List.of("int x = 1;", "x++;"), normalize(region(source, "r")));
        assertEquals(List.of("x++;"), normalize(region(source, "inner")));
    }

    @Test
    void aBlockThatDiffersFromItsSourceIsReported() {
        Path root = repoRoot();
        String self = "core/src/test/java/dev/weft/DocSnippetsTest.java";
        Block stale =
                new Block(
                        Path.of("x.md"),
                        1,
                        "<!-- source: " + self + "#self-check -->",
                        self,
                        "self-check",
                        List.of("int answer = 41;"));
        String p = problem(root, stale);
        assertTrue(p != null && p.contains("differs") && p.contains("int answer = 42;"), p);
        Block good =
                new Block(
                        Path.of("x.md"),
                        1,
                        stale.marker(),
                        self,
                        "self-check",
                        List.of("  int answer = 42;  "));
        assertEquals(null, problem(root, good));
        Block missing =
                new Block(Path.of("x.md"), 1, stale.marker(), self, "no-such-region", List.of());
        assertTrue(problem(root, missing).contains("no line '// region no-such-region'"));
    }

    @SuppressWarnings("unused")
    private static int selfCheck() {
        // region self-check
        int answer = 42;
        // endregion
        return answer;
    }
}

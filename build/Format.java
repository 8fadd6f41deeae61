import com.google.googlejavaformat.java.Formatter;
import com.google.googlejavaformat.java.FormatterException;
import com.google.googlejavaformat.java.ImportOrderer;
import com.google.googlejavaformat.java.JavaFormatterOptions;
import com.google.googlejavaformat.java.RemoveUnusedImports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The formatting check: google-java-format's AOSP style (4 spaces, 100 columns, imports sorted
 * and unused ones removed, string literals left alone) over the Java sources of Weft's modules.
 *
 * <p>Usage: {@code java -cp google-java-format-all-deps.jar --add-exports=... build/Format.java
 * <check|apply> <source dir>...}. Run by the root project: its {@code verify} phase checks,
 * before any module builds; {@code -Dweft.format.apply} rewrites. It runs on the toolchain JDK,
 * so it parses every syntax the code compiles with (Maven's own JVM may be older).
 */
public final class Format {
    static final String APPLY_COMMAND = "mvn -B process-sources -Dweft.format.apply";

    /**
     * Sorts the imports, removes unused ones and formats, until the output no longer changes.
     * String literals are left as written (no reflowing of long strings: that splits a literal
     * into a concatenation, which is a change of code, not of layout).
     */
    static String stable(Formatter formatter, String text) throws FormatterException {
        String current = text;
        for (int pass = 0; pass < 5; pass++) {
            String next = formatter.formatSource(
                    RemoveUnusedImports.removeUnusedImports(
                            ImportOrderer.reorderImports(current, JavaFormatterOptions.Style.AOSP)));
            if (next.equals(current)) {
                return next;
            }
            current = next;
        }
        return current;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || !List.of("check", "apply").contains(args[0])) {
            System.err.println("usage: java build/Format.java <check|apply> <source dir>...");
            System.exit(2);
        }
        boolean apply = args[0].equals("apply");
        Formatter formatter = new Formatter(
                JavaFormatterOptions.builder().style(JavaFormatterOptions.Style.AOSP).build());
        List<Path> unformatted = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        int files = 0;
        for (int i = 1; i < args.length; i++) {
            Path dir = Path.of(args[i]);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> sources;
            try (Stream<Path> s = Files.walk(dir)) {
                sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            for (Path file : sources) {
                files++;
                String text = Files.readString(file, StandardCharsets.UTF_8);
                String formatted;
                try {
                    formatted = stable(formatter, text);
                } catch (FormatterException e) {
                    broken.add(file + ": " + e.getMessage());
                    continue;
                }
                if (!formatted.equals(text)) {
                    if (apply) {
                        Files.writeString(file, formatted, StandardCharsets.UTF_8);
                    }
                    unformatted.add(file);
                }
            }
        }
        if (!broken.isEmpty()) {
            System.err.println("[format] google-java-format cannot parse:\n  " + String.join("\n  ", broken));
            System.exit(1);
        }
        if (apply) {
            System.out.println("[format] formatted " + unformatted.size() + " of " + files + " files");
            return;
        }
        if (!unformatted.isEmpty()) {
            StringBuilder msg = new StringBuilder("[format] " + unformatted.size() + " of " + files
                    + " files are not formatted (google-java-format, AOSP style):\n");
            for (Path p : unformatted) {
                msg.append("  ").append(p).append('\n');
            }
            msg.append("Format them with:\n  ").append(APPLY_COMMAND).append('\n');
            System.err.print(msg);
            System.exit(1);
        }
        System.out.println("[format] " + files + " files formatted");
    }
}

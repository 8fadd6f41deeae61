import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The API baseline check: lists the public and protected signatures of a module's exported
 * packages (unqualified exports of its module-info) from its compiled classes, with the JDK's
 * javap, and compares them with the committed baseline file.
 *
 * <p>Usage: {@code java build/ApiDump.java <classes dir> <baseline file> <check|update>}. Run by
 * the build (process-classes phase of each published module); {@code -Dweft.api.update} makes the
 * build rewrite the baseline instead of checking it. Runs on any JDK 21+ (javap through
 * {@link ToolProvider}; no class-file parsing of its own).
 */
public final class ApiDump {
    private static final String UPDATE_COMMAND = "mvn -B -pl core,io,testing -am package -DskipTests -Dweft.api.update";

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !Set.of("check", "update").contains(args[2])) {
            System.err.println("usage: java build/ApiDump.java <classes dir> <baseline file> <check|update>");
            System.exit(2);
        }
        Path classes = Path.of(args[0]);
        Path baseline = Path.of(args[1]);
        List<String> api = dump(classes);
        if (args[2].equals("update")) {
            Files.createDirectories(baseline.toAbsolutePath().getParent());
            Files.write(baseline, api, StandardCharsets.UTF_8);
            System.out.println("[api] wrote " + baseline + " (" + api.size() + " lines)");
            return;
        }
        List<String> recorded = Files.exists(baseline) ? Files.readAllLines(baseline, StandardCharsets.UTF_8) : List.of();
        if (recorded.equals(api)) {
            System.out.println("[api] " + baseline + " matches the compiled API (" + api.size() + " lines)");
            return;
        }
        Set<String> was = new LinkedHashSet<>(recorded);
        Set<String> now = new LinkedHashSet<>(api);
        StringBuilder msg = new StringBuilder();
        msg.append("[api] The public API differs from ").append(baseline).append(":\n");
        appendMissing(msg, "  - ", recorded, now);
        appendMissing(msg, "  + ", api, was);
        if (was.equals(now)) {
            msg.append("  (same lines, different order)\n");
        }
        msg.append("If the change is intended, update the baseline and commit it with the change:\n");
        msg.append("  ").append(UPDATE_COMMAND).append('\n');
        System.err.print(msg);
        System.exit(1);
    }

    /** Appends each line of {@code lines} that {@code other} lacks, with the class it belongs to. */
    private static void appendMissing(StringBuilder msg, String sign, List<String> lines, Set<String> other) {
        String owner = "";
        for (String line : lines) {
            boolean member = line.startsWith(" ");
            if (!member && !line.equals("}")) {
                owner = line.endsWith(" {") ? line.substring(0, line.length() - 2) : line;
            }
            if (!other.contains(line) && !line.equals("}")) {
                msg.append(sign).append(line.strip());
                if (member) {
                    msg.append("    (in ").append(owner).append(')');
                }
                msg.append('\n');
            }
        }
    }

    /** The API of the exported packages, one class block after another, in class-name order. */
    static List<String> dump(Path classes) throws IOException {
        ModuleDescriptor module = ModuleFinder.of(classes).findAll().stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no module-info.class in " + classes))
                .descriptor();
        List<String> out = new ArrayList<>();
        out.add("module " + module.name());
        List<String> exported = module.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .sorted()
                .toList();
        ToolProvider javap = ToolProvider.findFirst("javap")
                .orElseThrow(() -> new IllegalStateException("javap not found: run on a JDK"));
        for (String pkg : exported) {
            Path dir = classes.resolve(pkg.replace('.', '/'));
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".class"))
                        .filter(p -> !p.getFileName().toString().equals("package-info.class"))
                        .sorted()
                        .toList();
            }
            for (Path file : files) {
                out.addAll(classApi(javap, file));
            }
        }
        return out;
    }

    /** javap -protected of one class file, or nothing when the class itself is not public. */
    private static List<String> classApi(ToolProvider javap, Path file) {
        StringWriter text = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = javap.run(new PrintWriter(text), new PrintWriter(err), "-protected", file.toString());
        if (rc != 0) {
            throw new IllegalStateException("javap failed on " + file + ": " + err);
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("Compiled from ")) {
                continue;
            }
            lines.add(line.stripTrailing());
        }
        if (lines.isEmpty() || !(lines.get(0).startsWith("public ") || lines.get(0).startsWith("protected "))) {
            return List.of();
        }
        return lines;
    }
}

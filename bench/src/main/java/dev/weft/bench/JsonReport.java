package dev.weft.bench;

import java.util.List;
import java.util.Locale;

/**
 * Writes a run as JSON ({@code bench/results/latest.json}) by hand: the bench module needs no JSON
 * library for one small, flat document.
 *
 * <p>Thread safety: stateless.
 */
public final class JsonReport {
    private JsonReport() {}

    /**
     * Renders the run.
     *
     * @param info where and how it ran
     * @param comparisons every comparison
     * @param memory the per-task memory account, or null if not measured
     * @return the JSON text, ending with a newline
     */
    public static String render(RunInfo info, List<Comparison> comparisons, MemoryAccount memory) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("{\n");
        field(sb, 1, "date", info.date()).append(",\n");
        field(sb, 1, "machine", info.machine()).append(",\n");
        field(sb, 1, "os", info.os()).append(",\n");
        field(sb, 1, "jdk", info.jdk()).append(",\n");
        field(sb, 1, "python", info.python()).append(",\n");
        field(sb, 1, "command", info.command()).append(",\n");
        field(sb, 1, "mode", info.mode()).append(",\n");
        indent(sb, 1).append("\"notes\": [");
        for (int i = 0; i < info.notes().size(); i++) {
            sb.append(i == 0 ? "\n" : ",\n");
            indent(sb, 2).append(quote(info.notes().get(i)));
        }
        sb.append(info.notes().isEmpty() ? "],\n" : "\n  ],\n");
        indent(sb, 1).append("\"comparisons\": [");
        for (int i = 0; i < comparisons.size(); i++) {
            sb.append(i == 0 ? "\n" : ",\n");
            comparison(sb, comparisons.get(i));
        }
        sb.append(comparisons.isEmpty() ? "]" : "\n  ]");
        if (memory != null) {
            sb.append(",\n");
            indent(sb, 1)
                    .append("\"memoryPerParkedTask\": {\"tasks\": ")
                    .append(memory.tasks())
                    .append(", \"rounds\": ")
                    .append(memory.rounds())
                    .append(
                            ", \"unit\": \"heap bytes per task, by class\", \"implementations\": {");
            boolean firstImpl = true;
            for (var impl : memory.byImpl().entrySet()) {
                sb.append(firstImpl ? "\n" : ",\n");
                firstImpl = false;
                indent(sb, 2)
                        .append(quote(impl.getKey()))
                        .append(": {\"total\": ")
                        .append(number(memory.total(impl.getKey())))
                        .append(", \"classes\": {");
                boolean first = true;
                for (var c : impl.getValue().entrySet()) {
                    sb.append(first ? "" : ", ");
                    first = false;
                    sb.append(quote(c.getKey()))
                            .append(": {\"bytes\": ")
                            .append(number(c.getValue()[0]))
                            .append(", \"instances\": ")
                            .append(number(c.getValue()[1]))
                            .append('}');
                }
                sb.append("}}");
            }
            sb.append("\n  }}");
        }
        sb.append("\n}\n");
        return sb.toString();
    }

    private static void comparison(StringBuilder sb, Comparison c) {
        indent(sb, 2).append("{\n");
        field(sb, 3, "name", c.name()).append(",\n");
        field(sb, 3, "unit", c.unit()).append(",\n");
        indent(sb, 3).append("\"lowerIsBetter\": ").append(c.lowerIsBetter()).append(",\n");
        field(sb, 3, "ratio", c.ratioMeaning()).append(",\n");
        indent(sb, 3).append("\"weft\": ");
        figure(sb, c.weft());
        sb.append(",\n");
        indent(sb, 3).append("\"peers\": [");
        for (int i = 0; i < c.peers().size(); i++) {
            Comparison.PeerResult p = c.peers().get(i);
            sb.append(i == 0 ? "\n" : ",\n");
            indent(sb, 4).append('{');
            figureFields(sb, p.figure());
            sb.append(", \"ratio\": ")
                    .append(number(p.ratio()))
                    .append(", \"ratioLow\": ")
                    .append(number(p.low()))
                    .append(", \"ratioHigh\": ")
                    .append(number(p.high()))
                    .append(", \"clear\": ")
                    .append(p.clear());
            if (p.paired() != null) {
                sb.append(", \"perRoundRatio\": {\"median\": ")
                        .append(number(p.paired().median()))
                        .append(", \"min\": ")
                        .append(number(p.paired().min()))
                        .append(", \"max\": ")
                        .append(number(p.paired().max()))
                        .append('}');
            }
            if (p.target() != null) {
                sb.append(", \"target\": ")
                        .append(quote(p.target().text()))
                        .append(", \"targetMinRatio\": ")
                        .append(number(p.target().minRatio()))
                        .append(", \"metByMedian\": ")
                        .append(p.met())
                        .append(", \"verdict\": ")
                        .append(quote(p.verdict().name().toLowerCase(java.util.Locale.ROOT)));
            }
            sb.append('}');
        }
        sb.append(c.peers().isEmpty() ? "],\n" : "\n      ],\n");
        field(sb, 3, "note", c.note()).append('\n');
        indent(sb, 2).append('}');
    }

    private static void figure(StringBuilder sb, Figure f) {
        sb.append('{');
        figureFields(sb, f);
        sb.append('}');
    }

    private static void figureFields(StringBuilder sb, Figure f) {
        sb.append("\"name\": ")
                .append(quote(f.name()))
                .append(", \"median\": ")
                .append(number(f.value()))
                .append(", \"min\": ")
                .append(number(f.spread().min()))
                .append(", \"max\": ")
                .append(number(f.spread().max()))
                .append(", \"samples\": [");
        double[] s = f.spread().samples();
        for (int i = 0; i < s.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(number(s[i]));
        }
        sb.append("], \"allocatedPerUnit\": ")
                .append(number(f.allocated()))
                .append(", \"cpuPerUnit\": ")
                .append(number(f.cpu()));
    }

    private static StringBuilder field(StringBuilder sb, int level, String name, String value) {
        return indent(sb, level).append(quote(name)).append(": ").append(quote(value));
    }

    private static StringBuilder indent(StringBuilder sb, int level) {
        return sb.append("  ".repeat(level));
    }

    /**
     * A JSON number, or {@code null} for NaN and infinities (which JSON cannot hold).
     *
     * @param v the value
     * @return its JSON text
     */
    static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        double abs = Math.abs(v);
        String pattern = abs >= 100 ? "%.1f" : abs >= 1 ? "%.3f" : "%.4g";
        return String.format(Locale.ROOT, pattern, v);
    }

    /**
     * A JSON string literal.
     *
     * @param s the text
     * @return it quoted and escaped
     */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}

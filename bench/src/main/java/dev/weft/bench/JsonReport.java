package dev.weft.bench;

import java.util.List;
import java.util.Locale;

/**
 * Writes a run as JSON ({@code bench/results/latest.json}) by hand: the bench module needs no
 * JSON library for one small, flat document.
 *
 * <p>Thread safety: stateless.
 */
public final class JsonReport {
    private JsonReport() {
    }

    /**
     * Renders the run.
     *
     * @param info where and how it ran
     * @param comparisons every comparison
     * @return the JSON text, ending with a newline
     */
    public static String render(RunInfo info, List<Comparison> comparisons) {
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
        sb.append(comparisons.isEmpty() ? "]\n" : "\n  ]\n");
        sb.append("}\n");
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
            indent(sb, 4).append("{\"name\": ").append(quote(p.figure().name()))
                    .append(", \"value\": ").append(number(p.figure().value()))
                    .append(", \"error\": ").append(number(p.figure().error()))
                    .append(", \"ratio\": ").append(number(p.ratio()));
            if (p.target() != null) {
                sb.append(", \"target\": ").append(quote(p.target().text()))
                        .append(", \"targetMinRatio\": ").append(number(p.target().minRatio()))
                        .append(", \"met\": ").append(p.met());
            }
            sb.append('}');
        }
        sb.append(c.peers().isEmpty() ? "],\n" : "\n      ],\n");
        field(sb, 3, "note", c.note()).append('\n');
        indent(sb, 2).append('}');
    }

    private static void figure(StringBuilder sb, Figure f) {
        sb.append("{\"name\": ").append(quote(f.name())).append(", \"value\": ").append(number(f.value()))
                .append(", \"error\": ").append(number(f.error())).append('}');
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

package dev.weft.bench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * Draws every ratio of a run as an SVG bar chart, written by hand (no chart library): one bar per
 * peer, on a log scale centred on 1 (parity), ending at the ratio of the medians. A bar to the
 * right of the parity line means Weft is better than that peer. A whisker across the bar's end
 * spans the ratio range the two spreads allow (it crosses the parity line when they overlap). The
 * bar's colour says whether the target for it is met (green), missed (red) or unclear
 * (amber: the spreads straddle it), or that there is none (grey); a black tick marks the target.
 *
 * <p>Thread safety: stateless.
 */
public final class RatioChart {
    private static final int WIDTH = 980;
    private static final int LABEL_WIDTH = 360;
    private static final int ROW = 18;
    private static final int TOP = 62;
    private static final int PLOT_RIGHT = WIDTH - 140;

    private RatioChart() {}

    /**
     * Renders the chart.
     *
     * @param title the chart's title
     * @param comparisons the comparisons whose ratios to draw
     * @return the SVG document
     */
    public static String render(String title, List<Comparison> comparisons) {
        int rows = 0;
        double lo = 0.5;
        double hi = 2;
        for (Comparison c : comparisons) {
            if (c.peers().isEmpty()) {
                continue;
            }
            rows++; // the comparison's own heading row
            for (Comparison.PeerResult p : c.peers()) {
                rows++;
                for (double v : new double[] {p.ratio(), p.low(), p.high()}) {
                    if (v > 0 && Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
                if (p.target() != null) {
                    lo = Math.min(lo, p.target().minRatio());
                    hi = Math.max(hi, p.target().minRatio());
                }
            }
        }
        double logLo = Math.floor(Math.log10(lo) * 2) / 2;
        double logHi = Math.ceil(Math.log10(hi) * 2) / 2;
        int height = TOP + rows * ROW + 40;
        StringBuilder sb = new StringBuilder(16384);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append("<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">")
                .append(escape(title))
                .append("</text>\n");
        sb.append(
                "<text x=\"10\" y=\"34\" fill=\"#555\">Weft's advantage over each peer: peer cost / Weft cost, "
                        + "or Weft throughput / peer throughput; log scale; right of the 1× line, Weft is better.</text>\n");
        sb.append(
                "<text x=\"10\" y=\"48\" fill=\"#555\">Bar: ratio of medians; whisker: the range the min–max "
                        + "spreads allow. Green: target met; red: missed; amber: unclear; grey: no target. Black tick: "
                        + "the target.</text>\n");
        // grid: one line per power of ten and half-decade
        for (double g = logLo; g <= logHi + 1e-9; g += 0.5) {
            double x = x(g, logLo, logHi);
            double v = Math.pow(10, g);
            boolean parity = Math.abs(g) < 1e-9;
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                                    + "stroke-width=\"%s\"/>\n",
                            x,
                            TOP - 4,
                            x,
                            TOP + rows * ROW,
                            parity ? "#000" : "#ddd",
                            parity ? "1.5" : "1"));
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">"
                                    + "%s×</text>\n",
                            x,
                            TOP + rows * ROW + 14,
                            tickLabel(v)));
        }
        int row = 0;
        for (Comparison c : comparisons) {
            if (c.peers().isEmpty()) {
                continue;
            }
            int hy = TOP + row * ROW;
            sb.append("<text x=\"10\" y=\"")
                    .append(hy + 13)
                    .append("\" font-weight=\"bold\">")
                    .append(escape(shorten(c.name() + " (" + c.unit() + ")", 150)))
                    .append("</text>\n");
            row++;
            for (Comparison.PeerResult p : c.peers()) {
                int y = TOP + row * ROW;
                if (row % 2 == 0) {
                    sb.append("<rect x=\"0\" y=\"")
                            .append(y)
                            .append("\" width=\"")
                            .append(WIDTH)
                            .append("\" height=\"")
                            .append(ROW)
                            .append("\" fill=\"#f3f3f3\"/>\n");
                }
                sb.append("<text x=\"")
                        .append(LABEL_WIDTH - 8)
                        .append("\" y=\"")
                        .append(y + 13)
                        .append("\" text-anchor=\"end\">")
                        .append(escape(shorten("vs " + p.figure().name(), 58)))
                        .append("</text>\n");
                double r = p.ratio();
                if (r > 0 && Double.isFinite(r)) {
                    double lr = Math.max(logLo, Math.min(logHi, Math.log10(r)));
                    double x0 = x(0, logLo, logHi);
                    double x1 = x(lr, logLo, logHi);
                    String colour = colour(p);
                    sb.append(
                            String.format(
                                    Locale.ROOT,
                                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                                            + "fill=\"%s\"/>\n",
                                    Math.min(x0, x1),
                                    y + 3,
                                    Math.max(1, Math.abs(x1 - x0)),
                                    ROW - 6,
                                    colour));
                    double right = Math.max(x0, x1);
                    if (p.low() > 0 && Double.isFinite(p.low()) && Double.isFinite(p.high())) {
                        double wl =
                                x(
                                        Math.max(logLo, Math.min(logHi, Math.log10(p.low()))),
                                        logLo,
                                        logHi);
                        double wh =
                                x(
                                        Math.max(logLo, Math.min(logHi, Math.log10(p.high()))),
                                        logLo,
                                        logHi);
                        int mid = y + ROW / 2;
                        sb.append(
                                String.format(
                                        Locale.ROOT,
                                        "<path d=\"M%.1f %d H%.1f M%.1f %d V%d M%.1f %d V%d\" "
                                                + "stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"/>\n",
                                        wl,
                                        mid,
                                        wh,
                                        wl,
                                        mid - 4,
                                        mid + 4,
                                        wh,
                                        mid - 4,
                                        mid + 4));
                        right = Math.max(right, wh);
                    }
                    sb.append(
                            String.format(
                                    Locale.ROOT,
                                    "<text x=\"%.1f\" y=\"%d\">%s%s</text>\n",
                                    right + 4,
                                    y + 13,
                                    ratioLabel(r),
                                    p.clear() ? "" : " (unclear)"));
                    if (p.target() != null) {
                        double xt = x(Math.log10(p.target().minRatio()), logLo, logHi);
                        sb.append(
                                String.format(
                                        Locale.ROOT,
                                        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                                                + "stroke=\"#000\" stroke-width=\"2\"/>\n",
                                        xt,
                                        y + 1,
                                        xt,
                                        y + ROW - 1));
                    }
                }
                row++;
            }
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** The bar colour: the target's verdict, or grey without one. */
    static String colour(Comparison.PeerResult p) {
        Comparison.Verdict v = p.verdict();
        if (v == null) {
            return "#999";
        }
        return switch (v) {
            case MET -> "#2e9e44";
            case MISSED -> "#d03b3b";
            case UNCLEAR -> "#e0a030";
        };
    }

    private static double x(double log, double logLo, double logHi) {
        return LABEL_WIDTH + (log - logLo) / (logHi - logLo) * (PLOT_RIGHT - LABEL_WIDTH);
    }

    private static String tickLabel(double v) {
        if (v >= 1) {
            return new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        return String.format(Locale.ROOT, "%.2g", v);
    }

    /**
     * A ratio as the chart and the tables print it.
     *
     * @param r the ratio
     * @return it with two or three significant digits and a times sign
     */
    public static String ratioLabel(double r) {
        return String.format(Locale.ROOT, r >= 10 ? "%.1f×" : "%.2f×", r);
    }

    private static String shorten(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

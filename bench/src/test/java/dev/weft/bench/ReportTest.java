package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

class ReportTest {
    /** Weft 0.5 (0.45–0.55) against threads 0.3 (0.28–0.32): clearly slower, target missed. */
    private static final Comparison COST =
            Comparison.of(
                    "fork+join",
                    "µs/task",
                    true,
                    Figure.of("Weft", 0.5, 0.45, 0.55),
                    "n",
                    List.of(
                            new Comparison.Peer(
                                    Figure.of("threads", 0.3, 0.28, 0.32),
                                    new Target(1 / 1.2, "≤ 1.2× threads")),
                            new Comparison.Peer(Figure.of("asyncio", 10, 9, 11), null),
                            new Comparison.Peer(
                                    Figure.of("sts", 0.52, 0.40, 0.60),
                                    new Target(1, "≤ 1.0× sts")),
                            new Comparison.Peer(null, new Target(1, "skipped peer"))));

    private static final Comparison RATE =
            Comparison.of(
                    "http",
                    "requests/s",
                    false,
                    Figure.of("Weft", 3000),
                    "",
                    List.of(
                            new Comparison.Peer(
                                    Figure.of("aiohttp", 1000), new Target(2, "≥ 2× aiohttp"))));
    private static final RunInfo INFO =
            new RunInfo(
                    "2026-01-01T00:00:00Z",
                    "cpu \"x\"",
                    "Linux",
                    "JDK 25",
                    "Python 3.11",
                    "bench/run.sh",
                    "full",
                    List.of("a note"));

    @Test
    void spreadIsMedianAndMinMax() {
        Spread s = Spread.of(5, 1, 3, 2);
        assertEquals(2.5, s.median(), 1e-12);
        assertEquals(1, s.min());
        assertEquals(5, s.max());
        assertEquals(4, s.rounds());
        assertEquals(5, s.samples()[0], "samples keep the order measured");
        assertTrue(s.overlaps(Spread.of(5, 6)));
        assertFalse(s.overlaps(Spread.of(5.5, 6)));
        assertThrows(IllegalArgumentException.class, () -> Spread.of());
        assertThrows(IllegalArgumentException.class, () -> Spread.of(1, Double.NaN));
    }

    @Test
    void ratiosAreWeftsAdvantageWithTheRangeTheSpreadsAllow() {
        Comparison.PeerResult threads = COST.peers().get(0);
        assertEquals(0.6, threads.ratio(), 1e-9);
        assertEquals(0.28 / 0.55, threads.low(), 1e-9);
        assertEquals(0.32 / 0.45, threads.high(), 1e-9);
        assertTrue(threads.clear(), "spreads apart");
        assertEquals(Comparison.Verdict.MISSED, threads.verdict());
        assertEquals(20, COST.peers().get(1).ratio(), 1e-9);
        assertNull(COST.peers().get(1).verdict(), "no target, no verdict");
        Comparison.PeerResult sts = COST.peers().get(2);
        assertFalse(sts.clear(), "overlapping spreads are unclear");
        assertEquals(Comparison.Verdict.UNCLEAR, sts.verdict());
        assertTrue(sts.met(), "the medians meet it");
        assertEquals(3, COST.peers().size(), "a peer that did not run is left out");
        assertEquals(3, RATE.peers().get(0).ratio(), 1e-9);
        assertEquals(Comparison.Verdict.MET, RATE.peers().get(0).verdict());
    }

    @Test
    void roundsPairUpIntoPerRoundRatios() {
        Comparison c =
                Comparison.of(
                        "x",
                        "ns",
                        true,
                        Figure.of("Weft", 1, 2, 4),
                        "",
                        List.of(
                                new Comparison.Peer(Figure.of("peer", 2, 2, 2), null),
                                new Comparison.Peer(Figure.of("other", 1, 2), null)));
        Spread paired = c.peers().get(0).paired();
        assertEquals(0.5, paired.min(), 1e-12);
        assertEquals(2, paired.max(), 1e-12);
        assertEquals(2, paired.samples()[0], 1e-12, "round 1: 2 / 1");
        assertNull(c.peers().get(1).paired(), "different round counts do not pair");
    }

    @Test
    void jsonStatesEverySampleRatioAndVerdictAndEscapesText() {
        String json = JsonReport.render(INFO, List.of(COST, RATE), null);
        assertTrue(json.contains("\"machine\": \"cpu \\\"x\\\"\""), json);
        assertTrue(
                json.contains(
                        "{\"name\": \"threads\", \"median\": 0.3000, \"min\": 0.2800, \"max\": 0.3200, "
                                + "\"samples\": [0.3000, 0.2800, 0.3200], \"allocatedPerUnit\": null, \"cpuPerUnit\": null, \"ratio\": 0.6000"),
                json);
        assertTrue(
                json.contains(
                        "\"target\": \"≤ 1.2× threads\", \"targetMinRatio\": 0.8333, \"metByMedian\": false, "
                                + "\"verdict\": \"missed\""),
                json);
        assertTrue(json.contains("\"verdict\": \"unclear\""), json);
        assertTrue(json.contains("\"ratio\": \"Weft / peer (throughput)"), json);
        assertEquals("null", JsonReport.number(Double.NaN));
    }

    @Test
    void chartIsWellFormedSvgWithOneBarAndWhiskerPerPeer() throws Exception {
        String svg = RatioChart.render("t <&>", List.of(COST, RATE));
        Document doc =
                DocumentBuilderFactory.newInstance()
                        .newDocumentBuilder()
                        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertTrue(svg.contains(">fork+join (µs/task)</text>"), svg);
        assertTrue(svg.contains(">vs threads</text>"), svg);
        assertTrue(svg.contains("#d03b3b"), "a missed target is red");
        assertTrue(svg.contains("#2e9e44"), "a met target is green");
        assertTrue(svg.contains("#e0a030"), "an unclear target is amber");
        assertEquals(
                4,
                doc.getElementsByTagName("path").getLength(),
                "one whisker per peer with a spread");
        assertTrue(svg.contains("(unclear)"), "an overlapping comparison says so");
        assertTrue(svg.contains("20.0×"));
    }

    @Test
    void markdownShowsTheSpreadTheVerdictsAndTheMemoryAccount() {
        Map<String, Map<String, double[]>> byImpl = new LinkedHashMap<>();
        byImpl.put(
                "Weft",
                Map.of(
                        "dev.weft.TaskImpl",
                        new double[] {88, 1},
                        "jdk.internal.vm.StackChunk",
                        new double[] {1200, 1}));
        byImpl.put(
                "bare virtual threads",
                Map.of("jdk.internal.vm.StackChunk", new double[] {1000, 1}));
        MemoryAccount memory =
                new MemoryAccount(
                        1000,
                        1,
                        byImpl,
                        List.<String[]>of(
                                new String[] {"dev.weft.TaskImpl", "scope", "ScopeImpl", "4"}),
                        List.of());
        String md =
                MarkdownReport.render(
                        INFO,
                        List.of(COST, RATE),
                        memory,
                        "../bench/results/ratios.svg",
                        "## Why\n");
        assertTrue(md.contains("```\nbench/run.sh\n```"));
        assertTrue(
                md.contains(
                        "| threads | 0.300 | 0.280–0.320 | 0.60× | 0.51×–0.71× | 0.58×–0.62× | "
                                + "≤ 1.2× threads: **missed** |"),
                md);
        assertTrue(md.contains("| sts | 0.520 | 0.400–0.600 | 1.04× | 0.73×–1.33× unclear |"), md);
        assertTrue(md.contains("≤ 1.0× sts: unclear (median meets it)"), md);
        assertTrue(
                md.contains("| http | aiohttp | 3.00× | 3.00×–3.00× | ≥ 2× aiohttp | met |"), md);
        assertTrue(md.contains("![ratios](../bench/results/ratios.svg)"));
        assertTrue(
                md.contains(
                        "| `jdk.internal.vm.StackChunk` | the parked stack (frames of the task's thread) | "
                                + "1200 (1.00 obj) | 1000 (1.00 obj) |"),
                md);
        assertTrue(md.contains("| **total** | | **1288** | **1000** |"), md);
        assertTrue(md.contains("| `scope` | ScopeImpl | 4 |"), md);
        assertTrue(md.endsWith("## Why\n"));
    }
}

package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ReportTest {
    private static final Comparison COST = Comparison.of("fork+join", "µs/task", true, Figure.of("Weft", 0.5), "n",
            List.of(new Comparison.Peer(Figure.of("threads", 0.4), new Target(1 / 1.2, "≤ 1.2× threads")),
                    new Comparison.Peer(Figure.of("asyncio", 10), null),
                    new Comparison.Peer(null, new Target(1, "skipped peer"))));
    private static final Comparison RATE = Comparison.of("http", "requests/s", false, Figure.of("Weft", 3000), "",
            List.of(new Comparison.Peer(Figure.of("aiohttp", 1000), new Target(2, "≥ 2× aiohttp"))));
    private static final RunInfo INFO = new RunInfo("2026-01-01T00:00:00Z", "cpu \"x\"", "Linux", "JDK 25",
            "Python 3.11", "bench/run.sh", "full", List.of("a note"));

    @Test
    void ratiosAreWeftsAdvantageForCostsAndThroughputs() {
        assertEquals(0.8, COST.peers().get(0).ratio(), 1e-9);
        assertFalse(COST.peers().get(0).met());
        assertEquals(20, COST.peers().get(1).ratio(), 1e-9);
        assertTrue(COST.peers().get(1).met());
        assertEquals(2, COST.peers().size(), "a peer that did not run is left out");
        assertEquals(3, RATE.peers().get(0).ratio(), 1e-9);
        assertTrue(RATE.peers().get(0).met());
    }

    @Test
    void jsonStatesEveryFigureAndRatioAndEscapesText() {
        String json = JsonReport.render(INFO, List.of(COST, RATE));
        assertTrue(json.contains("\"machine\": \"cpu \\\"x\\\"\""), json);
        assertTrue(json.contains("{\"name\": \"threads\", \"value\": 0.4000, \"error\": null, \"ratio\": 0.8000, "
                + "\"target\": \"≤ 1.2× threads\", \"targetMinRatio\": 0.8333, \"met\": false}"), json);
        assertTrue(json.contains("\"ratio\": \"Weft / peer (throughput)"), json);
        assertTrue(json.contains("{\"name\": \"aiohttp\", \"value\": 1000.0, \"error\": null, \"ratio\": 3.000"), json);
        assertEquals("null", JsonReport.number(Double.NaN));
    }

    @Test
    void chartIsWellFormedSvgWithOneBarPerPeer() throws Exception {
        String svg = RatioChart.render("t <&>", List.of(COST, RATE));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertTrue(svg.contains(">fork+join (µs/task)</text>"), svg);
        assertTrue(svg.contains(">vs threads</text>"), svg);
        assertTrue(svg.contains("#d03b3b"), "a missed target is red");
        assertTrue(svg.contains("#2e9e44"), "a met target is green");
        assertTrue(svg.contains("20.0×"));
    }

    @Test
    void markdownHasTheCommandATableRowPerFigureAndTheTargets() {
        String md = MarkdownReport.render(INFO, List.of(COST, RATE), "../bench/results/ratios.svg", "## Why\n");
        assertTrue(md.contains("```\nbench/run.sh\n```"));
        assertTrue(md.contains("| threads | 0.400 |  | 0.80× | ≤ 1.2× threads (**missed**) |"), md);
        assertTrue(md.contains("| http | aiohttp | 3.00× | ≥ 2× aiohttp | yes |"), md);
        assertTrue(md.contains("![ratios](../bench/results/ratios.svg)"));
        assertTrue(md.endsWith("## Why\n"));
    }
}

package dev.weft.samples;

import static dev.weft.samples.Timing.assertBetween;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

class CrawlTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theCrawlStaysWithinItsBoundAndTheShortDeadlineCancelsTheSlowOne() throws Exception {
        List<String> expected =
                List.of(
                        "crawled the comments of 100 posts, 8 requests at a time, within the 10 s deadline",
                        "the server never saw more than 8 requests at once",
                        "slow server: the 1 s deadline expired and every request still running was cancelled");
        // 100 slow requests 8 at a time would take about 4 s; the deadline ends the crawl at 1 s.
        Timing.assertTimedRun(
                Crawl::main,
                expected,
                rec -> assertBetween(rec.elapsed(), 1.0, 12.0, "both crawls"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void stderrThatIsNotATerminalGetsOneSummaryLinePerCrawlAndNoCarriageReturn() throws Exception {
        Captured run = Captured.run(Crawl::main);

        List<String> notes = run.err().texts();
        assertEquals(3, notes.size(), notes::toString);
        assertTrue(
                notes.get(0)
                        .startsWith(
                                "crawl: crawling a local jsonplaceholder-shaped server started at http://127.0.0.1:"),
                notes::toString);
        assertEquals("fetched 100/100", notes.get(1));
        assertTrue(notes.get(2).matches("fetched \\d{1,2}/100"), notes::toString);
        assertFalse(
                String.join("\n", notes).contains("\r"), "no carriage return outside a terminal");
    }
}

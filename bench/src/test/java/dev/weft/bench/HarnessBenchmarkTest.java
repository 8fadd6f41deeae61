package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

class HarnessBenchmarkTest {

    @Test
    void harnessRunsTheBenchmarkAndReportsAScore() throws Exception {
        Options options = new OptionsBuilder()
                .include(HarnessBenchmark.class.getName() + ".virtualThreadStartJoin")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT) // the score is asserted below, not printed into the build log
                .build();
        Collection<RunResult> results = new Runner(options).run();
        assertEquals(1, results.size());
        double score = results.iterator().next().getPrimaryResult().getScore();
        assertTrue(score > 0 && Double.isFinite(score), "score " + score);
    }
}

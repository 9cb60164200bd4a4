package dev.awsref.testsupport.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Not a test: {@code ./dev bench startup-and-memory} runs it (no include pattern matches its name)
 * to turn the samples tools/bench/startup-and-memory.sh measured into the results file. Each sample
 * line: service, mode (plain or aot), run, ms to ready, MB resident at rest, 1-minute load average.
 */
class StartupAndMemoryResults {

    @Test
    void record() throws Exception {
        var bench = new BenchmarkRun(
                "startup-and-memory",
                "Start-up to ready and resident memory at rest, per service",
                "the time from `java -jar` to the first 200 from /readyz, and the resident memory after 10 s idle,"
                        + " of each service started alone against the emulators, as a plain jar and from an"
                        + " extracted jar with a JDK AOT cache made by a training run.",
                "no baseline: these are the design's absolute targets (< 3 s, < 300 MB), so the spread and the"
                        + " load average are what qualify them.");
        for (String line : Files.readAllLines(Path.of(System.getProperty("bench.samples")))) {
            String[] f = line.split("\t");
            String service = f[0];
            String mode = "aot".equals(f[1]) ? "AOT cache" : "plain jar";
            double load = Double.parseDouble(f[5]);
            bench.record(service + ": start-up to ready, " + mode, "ms", "< 3000", Double.parseDouble(f[3]), load);
            bench.record(service + ": memory at rest, " + mode, "MB", "< 300", Double.parseDouble(f[4]), load);
        }
        bench.finish();
    }
}

package dev.awsref.testsupport.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Not a test: {@code ./dev bench startup-and-memory} runs it (no include pattern matches its name)
 * to turn the samples tools/bench/startup-and-memory.sh measured into the results file. Each sample
 * line: service, mode (plain, aot, plain-together or aot-together), run, ms to ready, MB resident at
 * rest, 1-minute load average.
 */
class StartupAndMemoryResults {

    @Test
    void record() throws Exception {
        var bench = new BenchmarkRun(
                "startup-and-memory",
                "Start-up to ready and resident memory at rest, per service",
                "the time from `java` to the first 200 from /readyz, and the resident memory after 10 s idle,"
                        + " of each service against the emulators, as a plain jar and as `./dev up` starts it:"
                        + " from an extracted jar with a JDK AOT cache made by a training run, and with Spring"
                        + " AOT's generated code; each service alone, then all three started at the same moment,"
                        + " as `./dev up` starts them, with the JVM flags `./dev up` uses.",
                "no baseline: these are issue #14's absolute goals (ready < 3 s alone and < 8 s together,"
                        + " < 250 MB at rest), so the spread and the load average are what qualify them.");
        for (String line : Files.readAllLines(Path.of(System.getProperty("bench.samples")))) {
            String[] f = line.split("\t");
            String service = f[0];
            boolean together = f[1].endsWith("-together");
            String mode = (f[1].startsWith("aot") ? "AOT cache + Spring AOT" : "plain jar")
                    + (together ? ", all three together" : "");
            double load = Double.parseDouble(f[5]);
            bench.record(
                    service + ": start-up to ready, " + mode,
                    "ms",
                    together ? "< 8000" : "< 3000",
                    Double.parseDouble(f[3]),
                    load);
            bench.record(service + ": memory at rest, " + mode, "MB", "< 250", Double.parseDouble(f[4]), load);
        }
        bench.finish();
    }
}

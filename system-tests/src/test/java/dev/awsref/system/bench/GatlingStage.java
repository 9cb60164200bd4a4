package dev.awsref.system.bench;

import dev.awsref.testsupport.bench.GatlingRuns;
import java.io.IOException;

/**
 * Runs one {@link SystemLoadSimulation.Load} with Gatling in this JVM through {@link GatlingRuns}.
 */
final class GatlingStage {

    /** Gatling's figures for one stage; a failed request is counted, not hidden. */
    record Stats(long ok, long failed, double okPerSecond, long p99Millis) {}

    private GatlingStage() {}

    static Stats run(SystemLoadSimulation.Load load) throws IOException {
        load.publish();
        // Gatling ends with a non-zero status when requests failed; the failures are figures here.
        GatlingRuns.Stats run = GatlingRuns.run(SystemLoadSimulation.class, load.name());
        return new Stats(run.ok(), run.failed(), run.okPerSecond(), run.p99Millis());
    }
}

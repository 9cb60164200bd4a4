package dev.awsref.order.bench;

import dev.awsref.testsupport.bench.GatlingRuns;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Runs one {@link OrderHttpSimulation.Load} with Gatling in this JVM (next to the application the
 * benchmark started) through {@link GatlingRuns}.
 */
final class GatlingLoad {

    /**
     * Gatling's figures for one load: requests per second over the run; the median and the 99th
     * percentile response time in ms (Gatling's resolution), over all requests, failed ones too.
     */
    record Stats(String name, long ok, long failed, double requestsPerSecond, long p50Millis, long p99Millis) {
        /** Requests that failed (an answer other than the expected one, or none), in percent of those sent. */
        double failedPercent() {
            return 100.0 * failed / (ok + failed);
        }
    }

    private GatlingLoad() {}

    /** Runs the load and refuses it if any request failed: for loads that must all succeed. */
    static Stats run(OrderHttpSimulation.Load load) throws IOException {
        Stats stats = measure(load);
        if (stats.failed() > 0) {
            throw new IllegalStateException(load.name() + ": " + stats.failed() + " requests failed");
        }
        return stats;
    }

    /**
     * Runs the load and reports failed requests among its figures instead of refusing the run: for
     * a load where failing is a result, such as 64 clients on a pool of 10 connections timing out.
     */
    static Stats measure(OrderHttpSimulation.Load load) throws IOException {
        Files.createDirectories(GatlingRuns.RESULTS);
        load.publish(GatlingRuns.RESULTS.resolve("ids.txt"));
        GatlingRuns.Stats run = GatlingRuns.run(OrderHttpSimulation.class, load.name());
        if (run.status() != 0) {
            throw new IllegalStateException(load.name() + ": Gatling ended with status " + run.status());
        }
        return new Stats(
                load.name(), run.ok(), run.failed(), run.requestsPerSecond(), run.p50Millis(), run.p99Millis());
    }
}

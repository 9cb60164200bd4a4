package dev.awsref.order.bench;

import io.gatling.app.Gatling$;
import io.gatling.charts.stats.GeneralStats;
import io.gatling.charts.stats.LogFileData;
import io.gatling.charts.stats.LogFileReader;
import io.gatling.commons.stats.KO$;
import io.gatling.core.config.GatlingConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import scala.Option;

/**
 * Runs one {@link OrderHttpSimulation.Load} with Gatling in this JVM (next to the application the
 * benchmark started) and reads Gatling's own statistics of it. Each run's HTML report stays under
 * {@code target/gatling} to look at.
 */
final class GatlingLoad {

    private static final Path RESULTS = Path.of("target", "gatling");

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
        Files.createDirectories(RESULTS);
        load.publish(RESULTS.resolve("ids.txt"));
        Set<Path> earlier = reports();
        int status = Gatling$.MODULE$.fromArgs(new String[] {
            "--simulation", OrderHttpSimulation.class.getName(),
            "--results-folder", RESULTS.toAbsolutePath().toString(),
            "--run-description", load.name(),
            "--launcher", "junit"
        });
        if (status != 0) {
            throw new IllegalStateException(load.name() + ": Gatling ended with status " + status);
        }
        Set<Path> written = reports();
        written.removeAll(earlier);
        Path report = written.stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("Gatling wrote no report under " + RESULTS));
        return read(load.name(), report);
    }

    /**
     * Gatling 3.15 writes its statistics only into the HTML report, so this reads the run's
     * simulation.log with the reader that builds that report: the same numbers as the report's table.
     */
    private static Stats read(String name, Path report) {
        LogFileData data = LogFileReader.apply(
                        report.getFileName().toString(), RESULTS.toAbsolutePath(), GatlingConfiguration.load())
                .read();
        GeneralStats all = data.requestGeneralStats(Option.empty(), Option.empty(), Option.empty())
                .get();
        long failed = data.requestGeneralStats(Option.empty(), Option.empty(), Option.apply(KO$.MODULE$))
                .map(GeneralStats::count)
                .getOrElse(() -> 0L);
        int p50 = (Integer) all.percentile().apply(50.0);
        int p99 = (Integer) all.percentile().apply(99.0);
        // Gatling's own mean throughput divides by whole seconds, far too coarse for a run of one or
        // two seconds; the log's first and last timestamps give the run's span to the millisecond.
        long spanMillis =
                Math.max(1, data.runInfo().injectEnd() - data.runInfo().injectStart());
        double requestsPerSecond = all.count() * 1000.0 / spanMillis;
        return new Stats(name, all.count() - failed, failed, requestsPerSecond, p50, p99);
    }

    private static Set<Path> reports() throws IOException {
        try (Stream<Path> runs = Files.list(RESULTS)) {
            return runs.filter(Files::isDirectory).collect(Collectors.toCollection(HashSet::new));
        }
    }
}

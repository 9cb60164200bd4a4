package dev.awsref.testsupport.bench;

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
 * Runs a Gatling simulation in this JVM (next to what a benchmark started) and reads Gatling's own
 * statistics of the run. Gatling 3.15 writes them only into its HTML report, so they are read from
 * the run's simulation.log with the reader that builds that report: the same numbers as the
 * report's table. {@code LogFileReader} is Gatling's internal API and may move in an upgrade. Each
 * run's report stays under {@code target/gatling} to look at.
 *
 * <p>Gatling is an optional dependency of test-support: a module that runs a benchmark declares it.
 */
public final class GatlingRuns {

    /** Where Gatling writes each run's report, relative to the module the benchmark runs in. */
    public static final Path RESULTS = Path.of("target", "gatling");

    /**
     * Gatling's figures for one run: Gatling's exit status (non-zero when the simulation's
     * assertions failed); requests that succeeded and failed; requests per second over the run (all
     * and successful ones); the median and the 99th percentile response time in ms (Gatling's
     * resolution) over all requests, failed ones too.
     */
    public record Stats(
            int status,
            long ok,
            long failed,
            double requestsPerSecond,
            double okPerSecond,
            long p50Millis,
            long p99Millis) {}

    private GatlingRuns() {}

    /** Runs {@code simulation} once, under {@code description}, and reads the report it wrote. */
    public static Stats run(Class<?> simulation, String description) throws IOException {
        Files.createDirectories(RESULTS);
        Set<Path> earlier = reports();
        int status = Gatling$.MODULE$.fromArgs(new String[] {
            "--simulation",
            simulation.getName(),
            "--results-folder",
            RESULTS.toAbsolutePath().toString(),
            "--run-description",
            description,
            "--launcher",
            "junit"
        });
        Set<Path> written = reports();
        written.removeAll(earlier);
        Path report = written.stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        description + ": Gatling (status " + status + ") wrote no report under " + RESULTS));
        return read(status, report);
    }

    private static Stats read(int status, Path report) {
        LogFileData data = LogFileReader.apply(
                        report.getFileName().toString(), RESULTS.toAbsolutePath(), GatlingConfiguration.load())
                .read();
        GeneralStats all = data.requestGeneralStats(Option.empty(), Option.empty(), Option.empty())
                .get();
        long failed = data.requestGeneralStats(Option.empty(), Option.empty(), Option.apply(KO$.MODULE$))
                .map(GeneralStats::count)
                .getOrElse(() -> 0L);
        long ok = all.count() - failed;
        // Gatling's own mean throughput divides by whole seconds, far too coarse for a run of one or
        // two seconds; the log's first and last timestamps give the run's span to the millisecond.
        long spanMillis =
                Math.max(1, data.runInfo().injectEnd() - data.runInfo().injectStart());
        return new Stats(
                status,
                ok,
                failed,
                all.count() * 1000.0 / spanMillis,
                ok * 1000.0 / spanMillis,
                (Integer) all.percentile().apply(50.0),
                (Integer) all.percentile().apply(99.0));
    }

    private static Set<Path> reports() throws IOException {
        try (Stream<Path> runs = Files.list(RESULTS)) {
            return runs.filter(Files::isDirectory).collect(Collectors.toCollection(HashSet::new));
        }
    }
}

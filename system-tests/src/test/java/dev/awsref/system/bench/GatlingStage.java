package dev.awsref.system.bench;

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
 * Runs one {@link SystemLoadSimulation.Load} with Gatling in this JVM and reads Gatling's own
 * statistics of it from the run's simulation.log (Gatling 3.15 writes them only into the HTML
 * report, which stays under {@code target/gatling} to look at).
 */
final class GatlingStage {

    private static final Path RESULTS = Path.of("target", "gatling");

    /** Gatling's figures for one stage; a failed request is counted, not hidden. */
    record Stats(long ok, long failed, double okPerSecond, long p99Millis) {}

    private GatlingStage() {}

    static Stats run(SystemLoadSimulation.Load load) throws IOException {
        load.publish();
        Files.createDirectories(RESULTS);
        Set<Path> earlier = reports();
        int status = Gatling$.MODULE$.fromArgs(new String[] {
            "--simulation", SystemLoadSimulation.class.getName(),
            "--results-folder", RESULTS.toAbsolutePath().toString(),
            "--run-description", load.name(),
            "--launcher", "junit"
        });
        // Gatling ends with a non-zero status when requests failed; the failures are figures here.
        Set<Path> written = reports();
        written.removeAll(earlier);
        Path report = written.stream()
                .findFirst()
                .orElseThrow(() ->
                        new IllegalStateException(load.name() + ": Gatling (status " + status + ") wrote no report"));
        return read(report);
    }

    private static Stats read(Path report) {
        LogFileData data = LogFileReader.apply(
                        report.getFileName().toString(), RESULTS.toAbsolutePath(), GatlingConfiguration.load())
                .read();
        GeneralStats all = data.requestGeneralStats(Option.empty(), Option.empty(), Option.empty())
                .get();
        long failed = data.requestGeneralStats(Option.empty(), Option.empty(), Option.apply(KO$.MODULE$))
                .map(GeneralStats::count)
                .getOrElse(() -> 0L);
        int p99 = (Integer) all.percentile().apply(99.0);
        long spanMillis =
                Math.max(1, data.runInfo().injectEnd() - data.runInfo().injectStart());
        long ok = all.count() - failed;
        return new Stats(ok, failed, ok * 1000.0 / spanMillis, p99);
    }

    private static Set<Path> reports() throws IOException {
        try (Stream<Path> runs = Files.list(RESULTS)) {
            return runs.filter(Files::isDirectory).collect(Collectors.toCollection(HashSet::new));
        }
    }
}

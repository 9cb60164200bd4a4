package dev.awsref.system.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.bench.Figure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The system benchmark at its smallest, in every build, so it cannot rot: it must run and give figures, never a time. */
class SystemBenchmarkSmokeIT {

    @Test
    void theSystemBenchmarkRunsAndGivesTheEmailLatencyAndTheActivityFigures() throws Exception {
        var result = SystemBenchmark.run(new SystemBenchmark.Settings(List.of(2), 3, 2, 2, Duration.ofMinutes(3)));

        assertThat(result.figures())
                .extracting(Figure::name)
                .contains(
                        SystemBenchmark.acceptedFigure(2),
                        SystemBenchmark.emailFigure(2, 50),
                        SystemBenchmark.emailFigure(2, 99),
                        SystemBenchmark.EVENTS_FIGURE,
                        SystemBenchmark.AGGREGATE_FIGURE,
                        "2 orders/s: order-service CPU",
                        "2 orders/s: notification-service peak RSS");
        assertThat(result.figure(SystemBenchmark.acceptedFigure(2)).samples())
                .singleElement()
                .satisfies(rate -> assertThat(rate).isPositive());
        assertThat(result.figure(SystemBenchmark.EVENTS_FIGURE).samples())
                .singleElement()
                .satisfies(rate -> assertThat(rate).isPositive());
    }
}

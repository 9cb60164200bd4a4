package dev.awsref.notification.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.bench.Figure;
import org.junit.jupiter.api.Test;

/** The benchmark at its smallest, in every build, so it cannot rot: it must run and give figures, never a time. */
@AwsEmulators
class QueueConsumptionBenchmarkSmokeIT {

    @Test
    void theListenerBenchmarkRunsAndGivesEveryFigure() throws Exception {
        var result = QueueConsumptionBenchmark.run(new QueueConsumptionBenchmark.Settings(1, 20, 10, 1, 1, 1));

        assertThat(result.figures())
                .extracting(Figure::name)
                .contains(
                        "plain SDK loop, 1 thread",
                        "listener container",
                        QueueConsumptionBenchmark.RATIO,
                        QueueConsumptionBenchmark.ONE_POLL_RATIO,
                        "idle queue: short ÷ long polling calls");
        assertThat(result.figure(QueueConsumptionBenchmark.RATIO).samples())
                .singleElement()
                .satisfies(ratio -> assertThat(ratio).isPositive());
    }
}

package dev.awsref.analytics.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.bench.Figure;
import org.junit.jupiter.api.Test;

/**
 * The benchmark at its smallest, in every build, so it cannot rot: it must run and give figures,
 * never a time. The shard spread and the POST -> aggregate part are left out here (KCL takes its
 * leases for tens of seconds); ActivityPipelineIT covers that path.
 */
@AwsEmulators
class KinesisProducerBenchmarkSmokeIT {

    @Test
    void theProducerBenchmarkRunsAndGivesEveryRatio() throws Exception {
        var result = KinesisProducerBenchmark.run(new KinesisProducerBenchmark.Settings(1, 10, 500, false, 0));

        assertThat(result.figures())
                .extracting(Figure::name)
                .contains(KinesisProducerBenchmark.VERSUS_LOOP, KinesisProducerBenchmark.VERSUS_SINGLE);
        assertThat(result.figure(KinesisProducerBenchmark.VERSUS_LOOP).samples())
                .singleElement()
                .satisfies(ratio -> assertThat(ratio).isPositive());
    }
}

package dev.awsref.order.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.bench.Figure;
import org.junit.jupiter.api.Test;

/** The benchmark at its smallest, in every build, so it cannot rot: it must run and give figures, never a time. */
@AwsEmulators
class OrderServiceBenchmarkSmokeIT {

    @Test
    void theHttpBenchmarkRunsAndGivesBothRatios() throws Exception {
        var result = OrderServiceBenchmark.run(new OrderServiceBenchmark.Settings(1, 20, 2, true));

        assertThat(result.figures())
                .extracting(Figure::name)
                .contains(OrderServiceBenchmark.POST_RATIO, OrderServiceBenchmark.GET_RATIO);
        assertThat(result.figure(OrderServiceBenchmark.POST_RATIO).samples())
                .singleElement()
                .satisfies(ratio -> assertThat(ratio).isPositive());
    }
}

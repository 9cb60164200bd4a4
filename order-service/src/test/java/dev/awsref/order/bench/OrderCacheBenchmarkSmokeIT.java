package dev.awsref.order.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.bench.Figure;
import org.junit.jupiter.api.Test;

/** The cache benchmark at its smallest, in every build, so it cannot rot: it must run and count, never time. */
@AwsEmulators
class OrderCacheBenchmarkSmokeIT {

    @Test
    void everyUncachedGetReachesPostgresAndEitherCacheLetsOnlyTheFirstReadOfAnOrderThrough() throws Exception {
        // 20 orders read 200 times by one client from a cold cache: at most 20 misses reach PostgreSQL.
        var result = OrderCacheBenchmark.run(new OrderCacheBenchmark.Settings(1, 20, 0, 200, 1, 1.0));

        assertThat(result.figure(OrderCacheBenchmark.NONE_SHARE).samples())
                .singleElement()
                .satisfies(percent -> assertThat(percent).isGreaterThanOrEqualTo(100.0));
        for (String cached : new String[] {OrderCacheBenchmark.REDIS_SHARE, OrderCacheBenchmark.MEMCACHED_SHARE}) {
            assertThat(result.figure(cached).samples())
                    .singleElement()
                    .satisfies(percent -> assertThat(percent).isLessThanOrEqualTo(100.0 * 20 / 200));
        }
        assertThat(result.figures())
                .extracting(Figure::name)
                .contains(
                        OrderCacheBenchmark.MODEL_SHARE,
                        "GET p99, Redis ÷ no cache",
                        "GET p99, Memcached ÷ no cache",
                        "GET throughput, no cache");
    }
}

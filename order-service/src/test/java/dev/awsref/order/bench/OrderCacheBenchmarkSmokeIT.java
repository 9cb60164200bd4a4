package dev.awsref.order.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.AwsEmulators;
import org.junit.jupiter.api.Test;

/** The cache benchmark at its smallest, in every build, so it cannot rot: it must run and count, never time. */
@AwsEmulators
class OrderCacheBenchmarkSmokeIT {

    @Test
    void everyUncachedGetReachesPostgresAndTheCacheCountsFewerForBothEngines() throws Exception {
        var result = OrderCacheBenchmark.run(new OrderCacheBenchmark.Settings(1, 20, 0, 200, 1, 1.0));

        assertThat(result.figure("GETs reaching PostgreSQL, no cache").samples())
                .singleElement()
                .satisfies(percent -> assertThat(percent).isGreaterThanOrEqualTo(100.0));
        for (String cached : new String[] {OrderCacheBenchmark.REDIS_SHARE, OrderCacheBenchmark.MEMCACHED_SHARE}) {
            // 20 orders read 200 times by one client from a cold cache: at most 20 misses reach PostgreSQL.
            assertThat(result.figure(cached).samples())
                    .singleElement()
                    .satisfies(percent -> assertThat(percent).isLessThanOrEqualTo(100.0 * 20 / 200));
        }
    }
}

package dev.awsref.defaults.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.Test;

/** The code that registers a dashboard meter gets its tag keys from the model, one value per key. */
class SystemMetricTest {

    @Test
    void tagsPairTheModelsKeysWithTheValuesInTheModelsOrder() {
        assertThat(SystemMetric.ORDER_CACHE_REQUESTS.tags("orders", "redis", "hit"))
                .containsExactlyInAnyOrder(
                        Tag.of("cache", "orders"), Tag.of("engine", "redis"), Tag.of("result", "hit"));
        assertThat(SystemMetric.ORDERS_PLACED.tags()).isEmpty();
    }

    @Test
    void aValueMissingOrTooManyIsRefusedWithTheKeysItTakes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SystemMetric.SQS_LISTENER_MESSAGES.tags("orders"))
                .withMessage("sqs.listener.messages is tagged [queue, outcome], so it takes 2 values, not 1");
        assertThatIllegalArgumentException().isThrownBy(() -> SystemMetric.ORDERS_PLACED.tags("extra"));
    }
}

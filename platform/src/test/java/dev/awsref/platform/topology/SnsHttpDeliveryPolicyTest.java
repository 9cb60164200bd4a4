package dev.awsref.platform.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.platform.topology.SnsHttpDeliveryPolicy.Backoff;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnsHttpDeliveryPolicyTest {

    @Test
    void theServiceEndpointPolicyRetriesForAboutHalfAnHourWithinSnsHourLimit() {
        var policy = SnsHttpDeliveryPolicy.SERVICE_ENDPOINT;

        // 2 retries 10 s apart, then 7 backoff and 10 post-backoff retries at most 120 s apart.
        assertThat(policy.backoffRetries()).isEqualTo(7);
        assertThat(policy.worstCaseRetryTime()).isEqualTo(Duration.ofSeconds(2 * 10 + 17 * 120));
        assertThat(policy.worstCaseRetryTime()).isLessThanOrEqualTo(SnsHttpDeliveryPolicy.MAX_TOTAL_RETRY_TIME);
    }

    @Test
    void rendersTheDeliveryPolicyAttributeSnsTakes() {
        var attribute = SnsHttpDeliveryPolicy.SERVICE_ENDPOINT.asAttribute();

        assertThat(attribute).containsEntry("throttlePolicy", Map.of("maxReceivesPerSecond", 10));
        assertThat(attribute.get("healthyRetryPolicy"))
                .isEqualTo(Map.of(
                        "numRetries", 20,
                        "numNoDelayRetries", 1,
                        "numMinDelayRetries", 2,
                        "numMaxDelayRetries", 10,
                        "minDelayTarget", 10L,
                        "maxDelayTarget", 120L,
                        "backoffFunction", "exponential"));
    }

    @Test
    void rejectsAPolicyWhoseRetriesCouldOutlastSnsHardLimitOfAnHour() {
        assertThatThrownBy(() -> new SnsHttpDeliveryPolicy(
                        40, 0, 0, 30, Duration.ofSeconds(20), Duration.ofSeconds(120), Backoff.LINEAR, 10))
                .hasMessageContaining("PT1H20M")
                .hasMessageContaining("PT1H");
    }

    @Test
    void rejectsPhasesThatDoNotFitTheTotalAndDelaysBelowOneSecondOrInverted() {
        assertThatThrownBy(() -> new SnsHttpDeliveryPolicy(
                        3, 2, 2, 0, Duration.ofSeconds(1), Duration.ofSeconds(2), Backoff.LINEAR, 1))
                .hasMessageContaining("3 retries in total");
        assertThatThrownBy(() ->
                        new SnsHttpDeliveryPolicy(3, 0, 0, 0, Duration.ZERO, Duration.ofSeconds(2), Backoff.LINEAR, 1))
                .hasMessageContaining("at least 1 s");
        assertThatThrownBy(() -> new SnsHttpDeliveryPolicy(
                        3, 0, 0, 0, Duration.ofSeconds(30), Duration.ofSeconds(20), Backoff.LINEAR, 1))
                .hasMessageContaining("at most the maximum delay");
    }
}

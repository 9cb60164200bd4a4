package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.analytics.support.StandaloneAnalyticsService;
import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.RedisTestServer;
import java.util.HashMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Services never create queues (one created at run time would have no DLQ and no policy). The
 * order-events listener on a prefix nothing was provisioned under stops start-up, and no queue
 * appears. Before the listener policy moved to service-defaults, this service's property for it
 * sat where Spring Cloud AWS does not read it, and the container created the queue.
 */
class MissingQueueIT {

    @Test
    void startingWithoutItsQueueFailsAndCreatesNone() {
        var env = AwsTestEnvironment.get();
        var redis = RedisTestServer.get();
        String prefix = "missing-" + UUID.randomUUID().toString().substring(0, 8);
        var properties = new HashMap<>(env.springProperties());
        properties.put("app.topology.prefix", prefix);
        properties.put("spring.data.redis.host", redis.host());
        properties.put("spring.data.redis.port", String.valueOf(redis.port()));
        properties.put("analytics.consumer.enabled", "false");

        assertThatThrownBy(() -> StandaloneAnalyticsService.run(properties).close())
                .hasStackTraceContaining(prefix + "-" + ReferenceTopology.ANALYTICS_ORDER_EVENTS);

        try (var aws = new AwsClients(AwsEndpoints.of(env.region(), env.endpoints()))) {
            assertThatThrownBy(() -> aws.sqs()
                            .getQueueUrl(b -> b.queueName(prefix + "-" + ReferenceTopology.ANALYTICS_ORDER_EVENTS)))
                    .isInstanceOf(QueueDoesNotExistException.class);
        }
    }
}

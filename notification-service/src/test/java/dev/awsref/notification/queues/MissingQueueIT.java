package dev.awsref.notification.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.notification.NotificationServiceApplication;
import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.TestTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import java.util.HashMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Services never create queues: a queue created at run time would have no DLQ, no redrive policy
 * and no resource policy. Started on a prefix nothing was provisioned under, the service refuses
 * to start, and no queue appears.
 */
class MissingQueueIT {

    @Test
    void startingWithoutItsQueuesFailsAndCreatesNone() {
        TestTopology provisioned = TestTopology.shared();
        String prefix = "missing-" + UUID.randomUUID().toString().substring(0, 8);
        var properties = new HashMap<>(NotificationIntegrationTest.testProperties(provisioned));
        properties.put("app.topology.prefix", prefix);
        properties.put("server.port", "0");
        String[] arguments = properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);

        assertThatThrownBy(() -> new SpringApplicationBuilder(NotificationServiceApplication.class)
                        .run(arguments)
                        .close())
                .hasStackTraceContaining(prefix + "-");

        for (var queue : ReferenceTopology.definition()
                .queuesConsumedBy(dev.awsref.platform.topology.ServiceName.NOTIFICATION)) {
            assertThat(catchQueueUrl(provisioned, prefix + "-" + queue.name()))
                    .as(queue.name())
                    .isInstanceOf(QueueDoesNotExistException.class);
        }
    }

    private static Throwable catchQueueUrl(TestTopology topology, String name) {
        try {
            topology.aws().sqs().getQueueUrl(b -> b.queueName(name));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}

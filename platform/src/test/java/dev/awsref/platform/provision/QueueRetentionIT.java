package dev.awsref.platform.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.Topology;
import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.AwsTestEnvironment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * SQS keeps an unconsumed message for the queue's MessageRetentionPeriod (4 days unless set, 14
 * days at most). The model gives each queue its retention; this reads the attribute back from the
 * provisioned queues, so a provisioner that forgot to set it (and left SQS's default) is caught.
 */
@AwsEmulators
class QueueRetentionIT {

    private static final Duration SQS_MAXIMUM = Duration.ofDays(14);

    private static AwsClients aws;
    private static EphemeralTopology provisioned;

    @BeforeAll
    static void provisionTheTopology(AwsTestEnvironment environment) {
        aws = new AwsClients(ReferenceTopologyIT.endpointsOf(environment));
        provisioned = EphemeralTopology.provision(aws, ReferenceTopology.definition(), "retention");
    }

    @AfterAll
    static void deleteTheTopologyAndCloseClients() {
        provisioned.close();
        aws.close();
    }

    @Test
    void everyProvisionedQueueKeepsMessagesForTheRetentionTheModelGivesIt() {
        Topology model = ReferenceTopology.definition();
        Map<String, Duration> expected = new LinkedHashMap<>();
        Map<String, Duration> provisionedRetention = new LinkedHashMap<>();
        for (QueueSpec queue : model.queues()) {
            expected.put(queue.name(), queue.retention());
            provisionedRetention.put(queue.name(), messageRetentionPeriod(queue.name()));
        }

        assertThat(provisionedRetention).isEqualTo(expected);
    }

    @Test
    void everyDeadLetterQueueKeepsMessagesForTheSqsMaximumLongerThanItsSource() {
        Topology model = ReferenceTopology.definition();
        for (QueueSpec queue : model.queues()) {
            queue.deadLetter().ifPresent(deadLetter -> {
                Duration source = messageRetentionPeriod(queue.name());
                Duration dlq = messageRetentionPeriod(deadLetter.queueName());
                assertThat(dlq).as("retention of %s", deadLetter.queueName()).isEqualTo(SQS_MAXIMUM);
                assertThat(dlq)
                        .as("%s outlives its source %s", deadLetter.queueName(), queue.name())
                        .isGreaterThan(source);
            });
        }
    }

    private static Duration messageRetentionPeriod(String logicalName) {
        String seconds = aws.sqs()
                .getQueueAttributes(b -> b.queueUrl(provisioned.queueUrl(logicalName))
                        .attributeNames(QueueAttributeName.MESSAGE_RETENTION_PERIOD))
                .attributes()
                .get(QueueAttributeName.MESSAGE_RETENTION_PERIOD);
        return Duration.ofSeconds(Long.parseLong(seconds));
    }
}

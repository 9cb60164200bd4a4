package dev.awsref.platform.provision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.SubscriptionSpec;
import dev.awsref.platform.topology.Topology;
import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.AwsTestEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fan-out without data loss needs somewhere for SNS to put what it cannot deliver: each provisioned
 * subscription carries a RedrivePolicy naming its queue's dead-letter queue, and that queue's policy
 * lets SNS send for the topic. (The emulator stores the policy; it does not fail deliveries, so the
 * parking itself is AWS's part, alarmed by the DLQ's depth alarm in the CDK app.)
 */
@AwsEmulators
class SubscriptionRedrivePolicyIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static AwsClients aws;
    private static EphemeralTopology provisioned;

    @BeforeAll
    static void provisionTheTopology(AwsTestEnvironment environment) {
        aws = new AwsClients(ReferenceTopologyIT.endpointsOf(environment));
        provisioned = EphemeralTopology.provision(aws, ReferenceTopology.definition(), "sub-dlq");
    }

    @AfterAll
    static void deleteTheTopologyAndCloseClients() {
        provisioned.close();
        aws.close();
    }

    @Test
    void everySubscriptionRedrivesToItsQueuesDeadLetterQueueWhichLetsTheTopicSend() {
        Topology model = ReferenceTopology.definition();
        for (SubscriptionSpec subscription : model.subscriptions()) {
            String topicArn = provisioned.topicArn(subscription.topic());
            String deadLetterQueue =
                    model.subscriptionDeadLetterQueue(subscription).orElseThrow();
            String deadLetterQueueArn = arn(deadLetterQueue);

            JsonNode redrivePolicy = JSON.readTree(
                    attributesOf(topicArn, arn(subscription.queue())).get("RedrivePolicy"));

            assertThat(redrivePolicy.get("deadLetterTargetArn").stringValue())
                    .as("RedrivePolicy of %s -> %s", subscription.topic(), subscription.queue())
                    .isEqualTo(deadLetterQueueArn);
            assertThat(policyOf(deadLetterQueue))
                    .as("policy of %s", deadLetterQueue)
                    .contains(topicArn);
        }
    }

    private static java.util.Map<String, String> attributesOf(String topicArn, String queueArn) {
        var subscription =
                aws.sns().listSubscriptionsByTopicPaginator(b -> b.topicArn(topicArn)).subscriptions().stream()
                        .filter(s -> queueArn.equals(s.endpoint()))
                        .findFirst()
                        .orElseThrow();
        return aws.sns()
                .getSubscriptionAttributes(b -> b.subscriptionArn(subscription.subscriptionArn()))
                .attributes();
    }

    private static String arn(String logicalQueue) {
        return queueAttribute(logicalQueue, QueueAttributeName.QUEUE_ARN);
    }

    private static String policyOf(String logicalQueue) {
        return queueAttribute(logicalQueue, QueueAttributeName.POLICY);
    }

    private static String queueAttribute(String logicalQueue, QueueAttributeName attribute) {
        return aws.sqs()
                .getQueueAttributes(
                        b -> b.queueUrl(provisioned.queueUrl(logicalQueue)).attributeNames(attribute))
                .attributes()
                .get(attribute);
    }
}

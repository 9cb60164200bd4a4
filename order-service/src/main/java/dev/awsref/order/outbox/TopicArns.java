package dev.awsref.order.outbox;

import dev.awsref.platform.topology.ResourceNames;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.Topic;

/**
 * Finds a topic's ARN by its physical name. The service never creates topics (the provisioner or
 * the CDK app does); a missing topic is an error, not something to repair at run time.
 */
class TopicArns {

    private final SnsClient sns;
    private final ResourceNames names;
    private final Map<String, String> arns = new ConcurrentHashMap<>();

    TopicArns(SnsClient sns, ResourceNames names) {
        this.sns = sns;
        this.names = names;
    }

    /** Called inside the guarded SNS call, so an outage here is handled like a failed publish. */
    String arnOf(String logicalTopic) {
        String cached = arns.get(logicalTopic);
        if (cached != null) {
            return cached;
        }
        String suffix = ":" + names.physical(logicalTopic);
        String arn = sns.listTopicsPaginator().topics().stream()
                .map(Topic::topicArn)
                .filter(candidate -> candidate.endsWith(suffix))
                .findFirst()
                .orElseThrow(() -> NotFoundException.builder()
                        .message("SNS topic " + names.physical(logicalTopic)
                                + " does not exist; provision the topology first")
                        .build());
        arns.put(logicalTopic, arn);
        return arn;
    }
}

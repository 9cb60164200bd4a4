package dev.awsref.platform.provision;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resource policy of one queue: SNS may send only on behalf of the topics subscribed to it,
 * S3 only for the buckets that notify it (both pinned with {@code aws:SourceArn}, which stops a
 * topic or bucket in another account from using the same service principal to reach us), and
 * nobody may use the queue over plain HTTP.
 */
public final class QueuePolicyDocument {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private QueuePolicyDocument() {}

    public static String build(String queueArn, List<String> topicArns, List<String> bucketArns) {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        if (!topicArns.isEmpty()) {
            statements.add(allowServiceToSend("AllowSubscribedTopics", "sns.amazonaws.com", queueArn, topicArns));
        }
        if (!bucketArns.isEmpty()) {
            statements.add(allowServiceToSend("AllowNotifyingBuckets", "s3.amazonaws.com", queueArn, bucketArns));
        }
        statements.add(denyInsecureTransport(queueArn));
        return JSON.writeValueAsString(policy);
    }

    private static ObjectNode allowServiceToSend(String sid, String service, String queueArn, List<String> sources) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("Sid", sid);
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put("Service", service);
        statement.put("Action", "sqs:SendMessage");
        statement.put("Resource", queueArn);
        ArrayNode arns = statement.putObject("Condition").putObject("ArnEquals").putArray("aws:SourceArn");
        sources.forEach(arns::add);
        return statement;
    }

    private static ObjectNode denyInsecureTransport(String queueArn) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("Sid", "DenyInsecureTransport");
        statement.put("Effect", "Deny");
        statement.put("Principal", "*");
        statement.put("Action", "sqs:*");
        statement.put("Resource", queueArn);
        statement.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
        return statement;
    }
}

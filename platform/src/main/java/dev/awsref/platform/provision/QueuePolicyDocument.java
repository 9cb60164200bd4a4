package dev.awsref.platform.provision;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resource policy of one queue: SNS may send only on behalf of the topics subscribed to it,
 * S3 only for the buckets that notify it (both pinned with {@code aws:SourceArn}, which stops a
 * topic or bucket in another account from using the same service principal to reach us), the
 * other accounts the model names may send to it (each account's own policies must allow that
 * too), and nobody may use the queue over plain HTTP: the deny wins over every allow.
 */
public final class QueuePolicyDocument {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private QueuePolicyDocument() {}

    public static String build(String queueArn, List<String> topicArns, List<String> bucketArns) {
        return build(queueArn, topicArns, bucketArns, List.of());
    }

    public static String build(
            String queueArn, List<String> topicArns, List<String> bucketArns, List<String> sendingAccounts) {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        if (!topicArns.isEmpty()) {
            statements.add(allowServiceToSend("AllowSubscribedTopics", "sns.amazonaws.com", queueArn, topicArns));
        }
        if (!bucketArns.isEmpty()) {
            statements.add(allowServiceToSend("AllowNotifyingBuckets", "s3.amazonaws.com", queueArn, bucketArns));
        }
        if (!sendingAccounts.isEmpty()) {
            statements.add(allowAccountsToSend(queueArn, sendingAccounts));
        }
        statements.add(denyInsecureTransport("sqs", queueArn));
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

    /**
     * The account's root as principal delegates to that account: any of its principals whose own
     * policy allows sqs:SendMessage on this queue may send, and nobody else of that account.
     */
    private static ObjectNode allowAccountsToSend(String queueArn, List<String> accounts) {
        String partition = queueArn.split(":")[1];
        ObjectNode statement = JSON.createObjectNode();
        statement.put("Sid", "AllowNamedAccountsToSend");
        statement.put("Effect", "Allow");
        ArrayNode principals = statement.putObject("Principal").putArray("AWS");
        accounts.forEach(account -> principals.add("arn:" + partition + ":iam::" + account + ":root"));
        statement.put("Action", "sqs:SendMessage");
        statement.put("Resource", queueArn);
        return statement;
    }

    /** Refuses every action of {@code service} on the resource over plain HTTP; a deny wins over any allow. */
    static ObjectNode denyInsecureTransport(String service, String resourceArn) {
        ObjectNode statement = JSON.createObjectNode();
        statement.put("Sid", "DenyInsecureTransport");
        statement.put("Effect", "Deny");
        statement.put("Principal", "*");
        statement.put("Action", service + ":*");
        statement.put("Resource", resourceArn);
        statement.putObject("Condition").putObject("Bool").put("aws:SecureTransport", "false");
        return statement;
    }
}

package dev.awsref.platform.provision;

import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resource policy of a topic that the model opens to other accounts: each named account may
 * subscribe an SQS queue of its own ({@code sns:Protocol} sqs, {@code sns:Endpoint} a queue ARN in
 * that account), and nobody may use the topic over plain HTTP. Topics without grants keep SNS's
 * default policy (the owner account only), so the provisioner sets this one only where needed.
 */
public final class TopicPolicyDocument {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TopicPolicyDocument() {}

    public static String build(String topicArn, List<String> subscribingAccounts) {
        String partition = topicArn.split(":")[1];
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        for (String account : subscribingAccounts) {
            ObjectNode statement = statements.addObject();
            statement.put("Sid", "AllowQueuesOf" + account + "ToSubscribe");
            statement.put("Effect", "Allow");
            statement.putObject("Principal").put("AWS", "arn:" + partition + ":iam::" + account + ":root");
            statement.put("Action", "sns:Subscribe");
            statement.put("Resource", topicArn);
            ObjectNode condition = statement.putObject("Condition");
            condition.putObject("StringEquals").put("sns:Protocol", "sqs");
            condition.putObject("ArnLike").put("sns:Endpoint", "arn:" + partition + ":sqs:*:" + account + ":*");
        }
        statements.add(QueuePolicyDocument.denyInsecureTransport("sns", topicArn));
        return JSON.writeValueAsString(policy);
    }
}

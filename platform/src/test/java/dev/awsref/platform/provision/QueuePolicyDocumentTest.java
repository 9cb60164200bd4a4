package dev.awsref.platform.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class QueuePolicyDocumentTest {

    private static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:local-mail";
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:local-order-events";

    @Test
    void letsSnsSendOnlyForTheSubscribedTopicAndDeniesPlainHttp() {
        var policy = JsonMapper.builder().build().readTree(QueuePolicyDocument.build(QUEUE, List.of(TOPIC), List.of()));

        var statements = policy.get("Statement");
        assertThat(statements.size()).isEqualTo(2);
        var allow = statements.get(0);
        assertThat(allow.get("Principal").get("Service").asString()).isEqualTo("sns.amazonaws.com");
        assertThat(allow.get("Action").asString()).isEqualTo("sqs:SendMessage");
        assertThat(allow.get("Condition")
                        .get("ArnEquals")
                        .get("aws:SourceArn")
                        .get(0)
                        .asString())
                .isEqualTo(TOPIC);
        var deny = statements.get(1);
        assertThat(deny.get("Effect").asString()).isEqualTo("Deny");
        assertThat(deny.get("Condition").get("Bool").get("aws:SecureTransport").asString())
                .isEqualTo("false");
    }

    @Test
    void letsS3SendOnlyForTheNotifyingBucket() {
        var bucket = "arn:aws:s3:::local-documents";
        var policy =
                JsonMapper.builder().build().readTree(QueuePolicyDocument.build(QUEUE, List.of(), List.of(bucket)));

        var allow = policy.get("Statement").get(0);
        assertThat(allow.get("Sid").asString()).isEqualTo("AllowNotifyingBuckets");
        assertThat(allow.get("Principal").get("Service").asString()).isEqualTo("s3.amazonaws.com");
        assertThat(allow.get("Condition")
                        .get("ArnEquals")
                        .get("aws:SourceArn")
                        .get(0)
                        .asString())
                .isEqualTo(bucket);
        assertThat(policy.get("Statement").get(1).get("Sid").asString()).isEqualTo("DenyInsecureTransport");
    }

    @Test
    void aDeadLetterQueueOnlyDeniesPlainHttp() {
        var policy = JsonMapper.builder().build().readTree(QueuePolicyDocument.build(QUEUE, List.of(), List.of()));

        assertThat(policy.get("Statement").size()).isEqualTo(1);
        assertThat(policy.get("Statement").get(0).get("Sid").asString()).isEqualTo("DenyInsecureTransport");
    }

    @Test
    void comparesJsonAttributesByValueNotByFormatting() {
        assertThat(JsonValues.sameJson(
                        "{\"maxReceiveCount\":5,\"deadLetterTargetArn\":\"a\"}",
                        "{ \"deadLetterTargetArn\": \"a\", \"maxReceiveCount\": \"5\" }"))
                .isTrue();
        assertThat(JsonValues.sameJson("{\"a\":[1,2]}", "{\"a\":[2,1]}")).isFalse();
    }
}

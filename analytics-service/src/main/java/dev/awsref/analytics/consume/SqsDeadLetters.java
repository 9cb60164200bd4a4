package dev.awsref.analytics.consume;

import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead letters as messages of the stream's dead-letter queue (standard SQS, declared in the model
 * next to the stream). The reason and position are also message attributes, so a console or a
 * filter can see them without decoding the body.
 */
public final class SqsDeadLetters implements DeadLetters {

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final JsonMapper json;

    public SqsDeadLetters(SqsAsyncClient sqs, String queueUrl, JsonMapper json) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        // SQS refuses a body with characters outside XML's set (U+FFFE, an unpaired surrogate), and
        // a partition key or an error message may hold them: refused on every try, the letter would
        // hold up its shard. With every non-ASCII character escaped, the body is plain ASCII JSON.
        this.json = json.rebuild().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    }

    /** The message body: the letter as JSON in printable ASCII. */
    String body(DeadLetter letter) {
        return json.writeValueAsString(letter);
    }

    @Override
    public void send(DeadLetter letter) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl)
                        .messageBody(body(letter))
                        .messageAttributes(Map.of(
                                "reason", text(letter.reason()),
                                "shardId", text(letter.shardId()),
                                "sequenceNumber", text(letter.sequenceNumber()))))
                .join();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}

package dev.awsref.analytics.ops;

import dev.awsref.analytics.consume.DeadLetter;
import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.StreamSpec.PoisonRecords;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/deadletters} on the management port (the OPERATIONS role): the activity stream's
 * dead-letter queue, and its replay once the cause is fixed.
 *
 * <p>A replay puts each dead letter back on the stream with its original partition key, then
 * deletes it from the queue, and only then: a failed put leaves the message where it was. Putting
 * it back, rather than applying it here, keeps the KCL consumer the one writer of the aggregates,
 * with its checks, its per-user order and its idempotency: the record gets a new sequence number,
 * higher than anything applied from its shard, so the stores take it once (the processor released
 * the event's claim when it dead-lettered it), and a record that still fails goes back to the
 * queue instead of being lost. Applying it here under its old sequence number would be refused by
 * the same per-shard idempotency ({@code seq_<shard>}) for any user with later records. The
 * replayed record lands after that user's newer records; the aggregates are counts, so only the
 * recent-events list shows it later than it happened.
 */
@Component
@Endpoint(id = "deadletters")
class DeadLettersEndpoint {

    private static final Logger log = LoggerFactory.getLogger(DeadLettersEndpoint.class);
    private static final int DEFAULT_MAX = 1000;

    private final SqsAsyncClient sqs;
    private final KinesisAsyncClient kinesis;
    private final EnvironmentTopology names;
    private final JsonMapper json;

    DeadLettersEndpoint(SqsAsyncClient sqs, KinesisAsyncClient kinesis, EnvironmentTopology names, JsonMapper json) {
        this.sqs = sqs;
        this.kinesis = kinesis;
        this.names = names;
        this.json = json;
    }

    @ReadOperation
    Map<String, Object> depth() {
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl())
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .join()
                .attributes();
        var view = new LinkedHashMap<String, Object>();
        view.put("queue", names.queue(poisonRecords().deadLetterQueue()));
        view.put("stream", stream());
        view.put("maxAttempts", poisonRecords().maxAttempts());
        view.put("visible", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
        view.put("inFlight", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        return view;
    }

    /**
     * Replays up to {@code max} dead letters (default 1000): each is put back on the stream under its
     * partition key and deleted from the queue after the put succeeded.
     */
    @WriteOperation
    Map<String, Object> replay(@Nullable Integer max) {
        int limit = max == null ? DEFAULT_MAX : max;
        if (limit < 1) {
            throw new IllegalArgumentException("max must be at least 1");
        }
        String queueUrl = queueUrl();
        int replayed = 0;
        var failed = new ArrayList<Map<String, String>>();
        while (replayed + failed.size() < limit) {
            int wanted = Math.min(10, limit - replayed - failed.size());
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                            .maxNumberOfMessages(wanted)
                            .waitTimeSeconds(1)
                            // Long enough for ten puts; a message whose put failed comes back after it.
                            .visibilityTimeout(60))
                    .join()
                    .messages();
            if (messages.isEmpty()) {
                break;
            }
            for (Message message : messages) {
                try {
                    DeadLetter letter = json.readValue(message.body(), DeadLetter.class);
                    byte[] data = letter.data() != null
                            ? Base64.getDecoder().decode(letter.data())
                            : readFromStream(letter.shardId(), letter.sequenceNumber());
                    kinesis.putRecord(b -> b.streamName(stream())
                                    .partitionKey(letter.partitionKey())
                                    .data(SdkBytes.fromByteArray(data)))
                            .join();
                    sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()))
                            .join();
                    replayed++;
                } catch (RuntimeException e) {
                    // Left in the queue: it becomes visible again after the visibility timeout.
                    failed.add(Map.of("messageId", message.messageId(), "error", e.toString()));
                    log.warn("dead letter {} not replayed: {}", message.messageId(), e.toString());
                }
            }
        }
        var result = new LinkedHashMap<String, Object>();
        result.put("replayed", replayed);
        result.put("failed", failed);
        return result;
    }

    /** A record too large to travel in its dead letter, read again from the stream while it is retained. */
    private byte[] readFromStream(String shardId, String sequenceNumber) {
        String iterator = kinesis.getShardIterator(b -> b.streamName(stream())
                        .shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .startingSequenceNumber(sequenceNumber))
                .join()
                .shardIterator();
        var records = kinesis.getRecords(b -> b.shardIterator(iterator).limit(1))
                .join()
                .records();
        if (records.isEmpty() || !records.getFirst().sequenceNumber().equals(sequenceNumber)) {
            throw new IllegalStateException("record " + sequenceNumber + " of " + shardId
                    + " is no longer in the stream (past its retention) and its dead letter does not carry it");
        }
        return records.getFirst().data().asByteArray();
    }

    private PoisonRecords poisonRecords() {
        return names.model().stream(ReferenceTopology.USER_ACTIVITY_STREAM)
                .poisonRecords()
                .orElseThrow();
    }

    private String stream() {
        return names.stream(ReferenceTopology.USER_ACTIVITY_STREAM);
    }

    private String queueUrl() {
        return sqs.getQueueUrl(b -> b.queueName(names.queue(poisonRecords().deadLetterQueue())))
                .join()
                .queueUrl();
    }
}

package dev.awsref.notification.operations;

import dev.awsref.defaults.listener.DeadLetterSender;
import dev.awsref.defaults.topology.ConsumedQueue;
import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventContractException;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * What the operations API does: queue depths, a peek into a dead-letter queue, and redrive.
 *
 * <p>Redrive uses SQS's own StartMessageMoveTask where the endpoint has it (AWS, LocalStack,
 * ElasticMQ). Where it does not (fauxqs answers that it does not know the action) it falls back to
 * a bounded move: receive from the DLQ, send to the source queue, delete from the DLQ, at most
 * {@code max-messages} at {@code messages-per-second}. The fallback sends before it deletes, so a
 * crash in between duplicates a message rather than losing it; consumers are idempotent.
 */
@Service
public class QueueOperations {

    private static final Logger log = LoggerFactory.getLogger(QueueOperations.class);

    private final SqsAsyncClient sqs;
    private final EnvironmentTopology topology;
    private final RedriveProperties properties;
    private final EventCodec codec = new EventCodec();

    public QueueOperations(SqsAsyncClient sqs, EnvironmentTopology topology, RedriveProperties properties) {
        this.sqs = sqs;
        this.topology = topology;
        this.properties = properties;
    }

    public List<QueueDepth> depths() {
        return topology.consumedQueues().stream()
                .map(q -> new QueueDepth(
                        q.logicalName(),
                        q.physicalName(),
                        q.fifo(),
                        depth(q.physicalName()),
                        q.deadLetterQueue(),
                        depth(q.deadLetterQueue())))
                .toList();
    }

    /**
     * Up to {@code max} messages from the queue's DLQ, received with visibility timeout 0 so they
     * stay available (a peek), each with the reason it failed, which the listener policy put on
     * the message when it moved it.
     * ReceiveMessage counts as a receive: a peek raises the DLQ message's receive count, which
     * does not matter for a DLQ that has no DLQ of its own.
     */
    public List<DeadLetter> sample(ConsumedQueue queue, int max) {
        String url = url(queue.deadLetterQueue());
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url)
                        .maxNumberOfMessages(Math.max(1, Math.min(max, 10)))
                        .visibilityTimeout(0)
                        .waitTimeSeconds(1)
                        .messageAttributeNames("All")
                        .messageSystemAttributeNamesWithStrings("All"))
                .join()
                .messages();
        var samples = new ArrayList<DeadLetter>();
        for (Message m : messages) {
            samples.add(new DeadLetter(
                    m.messageId(),
                    m.body(),
                    m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT),
                    failureReason(m)));
        }
        return samples;
    }

    public RedriveReport redrive(ConsumedQueue queue, Integer maxMessages, Integer perSecond) {
        int max = maxMessages == null ? properties.maxMessages() : Math.min(maxMessages, properties.maxMessages());
        int rate = perSecond == null
                ? properties.messagesPerSecond()
                : Math.min(perSecond, properties.messagesPerSecond());
        String dlqUrl = url(queue.deadLetterQueue());
        String sourceUrl = url(queue.physicalName());
        try {
            String task = sqs.startMessageMoveTask(b -> b.sourceArn(arn(dlqUrl))
                            .destinationArn(arn(sourceUrl))
                            .maxNumberOfMessagesPerSecond(rate))
                    .join()
                    .taskHandle();
            log.info(
                    "Redrive of {} -> {} started as StartMessageMoveTask {}",
                    queue.deadLetterQueue(),
                    queue.physicalName(),
                    task);
            return new RedriveReport(queue.deadLetterQueue(), queue.physicalName(), "StartMessageMoveTask", null, task);
        } catch (CompletionException e) {
            if (!unsupported(e.getCause())) {
                throw e;
            }
            log.info(
                    "The endpoint has no StartMessageMoveTask ({}); moving messages one by one",
                    e.getCause().getMessage());
        }
        int moved = moveOneByOne(queue, dlqUrl, sourceUrl, max, rate);
        log.info(
                "Redrive of {} -> {} moved {} messages by receive-send-delete",
                queue.deadLetterQueue(),
                queue.physicalName(),
                moved);
        return new RedriveReport(queue.deadLetterQueue(), queue.physicalName(), "receive-send-delete", moved, null);
    }

    private int moveOneByOne(ConsumedQueue queue, String dlqUrl, String sourceUrl, int max, int perSecond) {
        var limiter = RateLimiter.of(
                "redrive-" + queue.physicalName(),
                RateLimiterConfig.custom()
                        .limitForPeriod(Math.max(1, perSecond))
                        .limitRefreshPeriod(Duration.ofSeconds(1))
                        .timeoutDuration(Duration.ofSeconds(5))
                        .build());
        int moved = 0;
        while (moved < max) {
            int wanted = Math.min(10, max - moved);
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(dlqUrl)
                            .maxNumberOfMessages(wanted)
                            .waitTimeSeconds(1)
                            .visibilityTimeout(30)
                            .messageAttributeNames("All")
                            .messageSystemAttributeNamesWithStrings("All"))
                    .join()
                    .messages();
            if (batch.isEmpty()) {
                break;
            }
            for (Message m : batch) {
                RateLimiter.waitForPermission(limiter);
                sqs.sendMessage(copyOf(m, queue.fifo(), sourceUrl)).join();
                sqs.deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(m.receiptHandle()))
                        .join();
                moved++;
            }
        }
        return moved;
    }

    private static SendMessageRequest copyOf(Message m, boolean fifo, String url) {
        var send = SendMessageRequest.builder()
                .queueUrl(url)
                .messageBody(m.body())
                .messageAttributes(m.messageAttributes());
        if (fifo) {
            // Same group keeps the order's place; the DLQ message id as dedup id makes a retried
            // move within SQS's 5-minute dedup window a no-op.
            send.messageGroupId(m.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID))
                    .messageDeduplicationId(m.messageId());
        }
        return send.build();
    }

    /** fauxqs: 400 "Unknown action"/UnsupportedOperation; other endpoints may say InvalidAction. */
    static boolean unsupported(Throwable error) {
        if (!(error instanceof SqsException sqsError)) {
            return false;
        }
        String code = sqsError.awsErrorDetails() == null
                ? ""
                : String.valueOf(sqsError.awsErrorDetails().errorCode());
        String text = (code + " " + sqsError.getMessage()).toLowerCase();
        return text.contains("unsupported")
                || text.contains("unknown")
                || text.contains("invalidaction")
                || text.contains("not implemented")
                || sqsError.statusCode() == 501;
    }

    /**
     * The reason the listener policy gave the message when it moved it. A message SQS moved itself
     * (its consumer died on the last receive) has none; then say whether the body reads as an event.
     */
    private String failureReason(Message m) {
        var recorded = m.messageAttributes().get(DeadLetterSender.REASON);
        if (recorded != null && recorded.stringValue() != null) {
            return recorded.stringValue();
        }
        try {
            codec.fromJson(dev.awsref.notification.queues.EventReader.unwrap(m.body()));
            return "unknown: moved by SQS's redrive policy, and the body reads as a valid event";
        } catch (EventContractException unreadable) {
            return unreadable.getClass().getSimpleName() + ": " + unreadable.getMessage();
        }
    }

    private Map<String, Integer> depth(String queueName) {
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(url(queueName))
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .join()
                .attributes();
        var depth = new HashMap<String, Integer>();
        depth.put("visible", number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)));
        depth.put("inFlight", number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)));
        depth.put("delayed", number(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)));
        return depth;
    }

    private static int number(String value) {
        return value == null ? 0 : Integer.parseInt(value);
    }

    private String url(String queueName) {
        return sqs.getQueueUrl(b -> b.queueName(queueName)).join().queueUrl();
    }

    private String arn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .join()
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    /** A queue and its DLQ with their approximate depths (visible, in flight, delayed). */
    public record QueueDepth(
            String queue,
            String physicalName,
            boolean fifo,
            Map<String, Integer> depth,
            String deadLetterQueue,
            Map<String, Integer> deadLetterDepth) {}

    /** A message sampled from a DLQ. */
    public record DeadLetter(String messageId, String body, String receiveCount, String failureReason) {}

    /**
     * What a redrive did.
     *
     * @param mode {@code StartMessageMoveTask} (SQS moves asynchronously; see taskHandle) or
     *     {@code receive-send-delete} (moved synchronously; see moved)
     */
    public record RedriveReport(String from, String to, String mode, Integer moved, String taskHandle) {}
}

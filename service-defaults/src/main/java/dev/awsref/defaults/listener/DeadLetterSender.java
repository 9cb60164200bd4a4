package dev.awsref.defaults.listener;

import dev.awsref.defaults.topology.ConsumedQueue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Sends a failed message to its queue's dead-letter queue: the same body and message attributes,
 * plus two attributes saying why ({@value #REASON}) and from where ({@value #SOURCE}). On a FIFO
 * queue it keeps the message group and uses the message id as the deduplication id, so a second
 * attempt after a lost acknowledgement does not put it there twice.
 */
public class DeadLetterSender {

    /** Why the message failed, as the last failure said it. */
    public static final String REASON = "dead-letter-reason";
    /** Where it failed and after how many receives: {@code <queue> after <n> receives}. */
    public static final String SOURCE = "dead-letter-source";

    /** SQS takes at most ten message attributes; two are ours. */
    private static final int MAX_COPIED_ATTRIBUTES = 8;

    private final SqsAsyncClient sqs;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    public DeadLetterSender(SqsAsyncClient sqs) {
        this.sqs = sqs;
    }

    void send(ConsumedQueue queue, Message message, String reason, int receiveCount) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        message.messageAttributes().entrySet().stream()
                .filter(e -> !e.getKey().equals(REASON) && !e.getKey().equals(SOURCE))
                .limit(MAX_COPIED_ATTRIBUTES)
                .forEach(e -> attributes.put(e.getKey(), e.getValue()));
        attributes.put(REASON, string(reason));
        attributes.put(SOURCE, string(queue.physicalName() + " after " + receiveCount + " receives"));
        var request = SendMessageRequest.builder()
                .queueUrl(urlOf(queue.deadLetterQueue()))
                .messageBody(message.body())
                .messageAttributes(attributes);
        if (queue.fifo()) {
            String group = message.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
            request.messageGroupId(group == null ? message.messageId() : group)
                    .messageDeduplicationId(message.messageId());
        }
        sqs.sendMessage(request.build()).join();
    }

    private String urlOf(String queueName) {
        return queueUrls.computeIfAbsent(
                queueName,
                name -> sqs.getQueueUrl(r -> r.queueName(name)).join().queueUrl());
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}

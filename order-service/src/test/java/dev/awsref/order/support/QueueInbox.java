package dev.awsref.order.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Everything a test queue received so far, in the order it was received. Receiving deletes, so
 * each message is seen once; tests select theirs by order id.
 */
public final class QueueInbox {

    private static final Map<String, QueueInbox> BY_URL = new ConcurrentHashMap<>();

    /** A received message: body and attributes. */
    public record Received(String body, Map<String, MessageAttributeValue> attributes) {
        public String attribute(String name) {
            MessageAttributeValue value = attributes.get(name);
            return value == null ? null : value.stringValue();
        }
    }

    private final String url;
    private final List<Received> received = new ArrayList<>();

    private QueueInbox(String url) {
        this.url = url;
    }

    public static QueueInbox of(String url) {
        return BY_URL.computeIfAbsent(url, QueueInbox::new);
    }

    /** Receives what is there now (short poll, up to a few batches), then returns matching messages. */
    public synchronized List<Received> matching(Predicate<Received> filter) {
        SqsClient sqs = Infrastructure.aws().sqs();
        for (int round = 0; round < 5; round++) {
            List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageAttributeNames("All"))
                    .messages();
            if (messages.isEmpty()) {
                break;
            }
            for (Message message : messages) {
                received.add(new Received(message.body(), message.messageAttributes()));
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
        }
        return received.stream().filter(filter).toList();
    }

    public static Predicate<Received> aboutOrder(String orderId) {
        return message -> message.body().contains("\"subject\":\"" + orderId + "\"");
    }
}

package dev.awsref.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * What a test queue received, read the way a test needs it. {@link #matching} drains the queue
 * into a list it keeps (receiving deletes, so each message is seen once, in the order received);
 * {@link #awaitAndTake} waits for one message and leaves the others where they were.
 */
public final class QueueProbe {

    private static final Map<String, QueueProbe> BY_URL = new ConcurrentHashMap<>();

    /** A received message: body, attributes and system attributes. */
    public record Received(
            String messageId,
            String body,
            Map<String, MessageAttributeValue> attributes,
            Map<String, String> systemAttributes) {
        public String attribute(String name) {
            MessageAttributeValue value = attributes.get(name);
            return value == null ? null : value.stringValue();
        }

        static Received of(Message message) {
            return new Received(
                    message.messageId(), message.body(), message.messageAttributes(), message.attributesAsStrings());
        }
    }

    private final SqsClient sqs;
    private final String url;
    private final List<Received> received = new ArrayList<>();

    private QueueProbe(SqsClient sqs, String url) {
        this.sqs = sqs;
        this.url = url;
    }

    /** One probe per queue URL, so what one test drained another can still find. */
    public static QueueProbe of(SqsClient sqs, String url) {
        return BY_URL.computeIfAbsent(url, u -> new QueueProbe(sqs, u));
    }

    /** Receives what is there now (short poll, up to a few batches), then returns matching messages. */
    public synchronized List<Received> matching(Predicate<Received> filter) {
        for (int round = 0; round < 5; round++) {
            List<Message> messages = receive(0);
            if (messages.isEmpty()) {
                break;
            }
            for (Message message : messages) {
                received.add(Received.of(message));
                sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
            }
        }
        return received.stream().filter(filter).toList();
    }

    /**
     * Waits until a message whose body contains {@code marker} is in the queue, then receives and
     * deletes it; the others it saw are made visible again at once.
     */
    public Received awaitAndTake(String marker, Duration atMost) {
        var taken = new AtomicReference<Received>();
        await().alias("a message containing '" + marker + "' in " + url)
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (Message m : receive(30)) {
                        if (taken.get() == null && m.body().contains(marker)) {
                            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                            taken.set(Received.of(m));
                        } else {
                            sqs.changeMessageVisibility(b -> b.queueUrl(url)
                                    .receiptHandle(m.receiptHandle())
                                    .visibilityTimeout(0));
                        }
                    }
                    return taken.get() != null;
                });
        return taken.get();
    }

    private List<Message> receive(int visibilitySeconds) {
        return sqs.receiveMessage(r -> {
                    r.queueUrl(url)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageAttributeNames("All")
                            .messageSystemAttributeNamesWithStrings("All");
                    if (visibilitySeconds > 0) {
                        r.visibilityTimeout(visibilitySeconds);
                    }
                })
                .messages();
    }

    /** Messages about one aggregate: the envelope's {@code subject} is its id. */
    public static Predicate<Received> aboutSubject(String subject) {
        return message -> message.body().contains("\"subject\":\"" + subject + "\"");
    }
}

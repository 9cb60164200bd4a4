package dev.awsref.demo;

import static dev.awsref.platform.topology.ReferenceTopology.ANALYTICS_ORDER_EVENTS;
import static dev.awsref.platform.topology.ReferenceTopology.HIGH_VALUE_ORDERS;
import static dev.awsref.platform.topology.ReferenceTopology.NOTIFICATION_ORDER_EVENTS;
import static dev.awsref.platform.topology.ReferenceTopology.ORDER_EVENTS;
import static dev.awsref.platform.topology.ReferenceTopology.USER_ACTIVITY_STREAM;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.EventMessageAttributes;
import dev.awsref.platform.events.ActivityType;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventData;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.OrderLine;
import dev.awsref.platform.events.OrderPaid;
import dev.awsref.platform.events.OrderPlaced;
import dev.awsref.platform.events.UserActivity;
import dev.awsref.platform.provision.Provisioner;
import dev.awsref.platform.topology.ResourceNames;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;

/**
 * The demo without the services: it publishes one order's events and a few users' activity
 * itself and shows where they landed: which queues SNS fanned the order out to (the filters at
 * work) and which shard each user's activity went to (the partition key at work). It peeks without
 * consuming, so consumers still get every message; but a peek is a receive, and counts towards
 * maxReceiveCount, so with no consumer running, a few runs can move the demo's own messages to a
 * dead-letter queue.
 */
final class TopologyDemo {

    private static final String SOURCE = "demo";
    private static final Duration PEEK_TIMEOUT = Duration.ofSeconds(10);

    private final EventCodec codec = new EventCodec();
    private final AwsClients aws;
    private final ResourceNames names;
    private final PrintStream out;

    TopologyDemo(AwsClients aws, ResourceNames names, PrintStream out) {
        this.aws = aws;
        this.names = names;
        this.out = out;
    }

    void run() throws InterruptedException {
        String orderId = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        String topicArn = Provisioner.findTopicArn(aws.sns(), names.physical(ORDER_EVENTS))
                .orElseThrow(() -> new IllegalArgumentException("topic " + names.physical(ORDER_EVENTS)
                        + " does not exist; provision first (java -jar platform/target/platform-*-provisioner.jar)"));
        out.println("1. An order is placed and paid: the events order-service publishes to SNS "
                + names.physical(ORDER_EVENTS));
        var placed = new OrderPlaced(
                orderId,
                "customer-42",
                "EUR",
                new BigDecimal("1249.90"),
                List.of(new OrderLine("espresso-machine", 1, new BigDecimal("1249.90"))));
        publish(topicArn, EventEnvelope.of(SOURCE, orderId, placed));
        publish(
                topicArn,
                EventEnvelope.of(
                        SOURCE, orderId, new OrderPaid(orderId, "customer-42", new BigDecimal("1249.90"), "EUR")));

        out.println("2. Where SNS delivered them (peeked, not consumed):");
        for (String queue : List.of(NOTIFICATION_ORDER_EVENTS, HIGH_VALUE_ORDERS, ANALYTICS_ORDER_EVENTS)) {
            String url = aws.sqs()
                    .getQueueUrl(b -> b.queueName(names.physical(queue)))
                    .queueUrl();
            out.printf("   %-40s %s%n", names.physical(queue), peekTypes(url, orderId));
        }
        out.println("   OrderPaid skips the notification queue (its filter lists only the events that mail a"
                + " customer); only the high-value queue's body filter (total >= 1000) lets this order in.");

        out.println("3. Users browse: activity goes to Kinesis " + names.physical(USER_ACTIVITY_STREAM)
                + " with the user id as partition key, so each user's events share one shard and stay in order:");
        String stream = names.physical(USER_ACTIVITY_STREAM);
        for (String user : List.of("alice", "bob", "carol")) {
            for (var type : List.of(ActivityType.PAGE_VIEW, ActivityType.CART_ADD)) {
                var activity = new UserActivity(user, type, "espresso-machine", Instant.now(), Map.of());
                var put = aws.kinesis()
                        .putRecord(b -> b.streamName(stream)
                                .partitionKey(user)
                                .data(SdkBytes.fromUtf8String(codec.toJson(EventEnvelope.of(SOURCE, user, activity)))));
                out.printf("   %-6s %-9s -> %s (sequence %s)%n", user, type, put.shardId(), put.sequenceNumber());
            }
        }
    }

    private void publish(String topicArn, EventEnvelope<? extends EventData> event) {
        aws.sns()
                .publish(b -> b.topicArn(topicArn)
                        .message(codec.toJson(event))
                        .messageAttributes(EventMessageAttributes.of(event).toSns()));
        out.printf("   published %-12s id %s%n", event.type(), event.id());
    }

    /** Receives with a zero visibility timeout, which leaves the messages where they were. */
    private List<String> peekTypes(String queueUrl, String orderId) throws InterruptedException {
        var types = new ArrayList<String>();
        long deadline = System.nanoTime() + PEEK_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            var messages = aws.sqs()
                    .receiveMessage(b -> b.queueUrl(queueUrl)
                            .visibilityTimeout(0)
                            .waitTimeSeconds(1)
                            .maxNumberOfMessages(10))
                    .messages();
            messages.stream()
                    .map(m -> m.body())
                    .filter(body -> body.contains(orderId))
                    .map(body -> codec.fromJson(body).type())
                    .filter(type -> !types.contains(type))
                    .forEach(types::add);
            if (types.size() == 2 || (!types.isEmpty() && messages.isEmpty())) {
                break;
            }
            Thread.sleep(100);
        }
        return types;
    }
}

package dev.awsref.notification.support;

import static org.awaitility.Awaitility.await;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.MessageAttributeNames;
import dev.awsref.platform.provision.Provisioner;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.Topology;
import dev.awsref.testsupport.AwsTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The reference topology provisioned on the test emulator under a prefix of its own, and the
 * moves a test makes on it: publish as order-service does, put raw messages on a queue, read a DLQ.
 */
public final class TestTopology {

    /** The visibility timeout tests give the work queues, so redelivery takes seconds, not 30 s. */
    public static final int TEST_VISIBILITY_SECONDS = 2;

    private static volatile TestTopology shared;

    private final AwsTestEnvironment environment;
    private final AwsClients aws;
    private final ResourceNames names;
    private final Provisioner provisioner;
    private final EventCodec codec = new EventCodec();

    private TestTopology(String tag) {
        environment = AwsTestEnvironment.get();
        aws = new AwsClients(new AwsEndpoints(
                environment.region(),
                Optional.of(environment.sns()),
                Optional.of(environment.sqs()),
                Optional.of(environment.s3()),
                Optional.of(environment.kinesis()),
                Optional.of(environment.dynamodb())));
        names = new ResourceNames(tag + "-" + UUID.randomUUID().toString().substring(0, 8));
        provisioner =
                new Provisioner(aws, names, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        provisioner.provision(messagingOnly(ReferenceTopology.definition()));
        for (String queue : List.of(
                ReferenceTopology.NOTIFICATION_ORDER_EVENTS,
                ReferenceTopology.HIGH_VALUE_ORDERS,
                ReferenceTopology.NOTIFICATION_ORDER_LIFECYCLE,
                ReferenceTopology.NOTIFICATION_DOCUMENTS)) {
            setVisibilityTimeout(queue, TEST_VISIBILITY_SECONDS);
        }
    }

    /**
     * The topology without its Kinesis stream and DynamoDB tables, which this service does not use:
     * every stream a test creates holds shards in the shared kinesis-local, which refuses more than
     * 100 (SHARD_LIMIT) across all test runs on the machine.
     */
    static Topology messagingOnly(Topology full) {
        return new Topology(
                full.topics(),
                full.queues(),
                full.subscriptions(),
                full.buckets(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
    }

    /** One topology for every test class that shares the cached Spring context. */
    public static TestTopology shared() {
        if (shared == null) {
            synchronized (TestTopology.class) {
                if (shared == null) {
                    shared = new TestTopology("it-ns");
                }
            }
        }
        return shared;
    }

    /** A topology of its own, for a test that runs its own application contexts. */
    public static TestTopology fresh(String tag) {
        return new TestTopology(tag);
    }

    public String prefix() {
        return names.prefix();
    }

    public AwsClients aws() {
        return aws;
    }

    /** Spring properties pointing the service at the emulator and this topology. */
    public Map<String, String> springProperties() {
        var properties = new LinkedHashMap<>(environment.springProperties());
        properties.put("app.topology.prefix", names.prefix());
        return properties;
    }

    public String queueUrl(String logicalName) {
        return provisioner.queueUrls().get(logicalName);
    }

    public void setVisibilityTimeout(String logicalQueue, int seconds) {
        aws.sqs()
                .setQueueAttributes(b -> b.queueUrl(queueUrl(logicalQueue))
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(seconds))));
    }

    /** Publishes to SNS order-events exactly as order-service does: body and filterable attributes. */
    public void publishOrderEvent(EventEnvelope<?> event) {
        publishOrderEventJson(codec.toJson(event), event.type(), event.schemaVersion());
    }

    public void publishOrderEventJson(String json, String eventType, int schemaVersion) {
        aws.sns()
                .publish(b -> b.topicArn(provisioner.topicArns().get(ReferenceTopology.ORDER_EVENTS))
                        .message(json)
                        .messageAttributes(attributes(eventType, schemaVersion)));
    }

    /** Publishes to SNS order-lifecycle.fifo: message group = order id, deduplication id = event id. */
    public void publishLifecycleEvent(EventEnvelope<?> event) {
        aws.sns()
                .publish(b -> b.topicArn(provisioner.topicArns().get(ReferenceTopology.ORDER_LIFECYCLE))
                        .message(codec.toJson(event))
                        .messageGroupId(event.subject())
                        .messageDeduplicationId(event.id())
                        .messageAttributes(attributes(event.type(), event.schemaVersion())));
    }

    /** Publishes {@code json} to the FIFO topic with the group and deduplication id {@code event} would have. */
    public void publishLifecycleJson(String json, EventEnvelope<?> event) {
        aws.sns()
                .publish(b -> b.topicArn(provisioner.topicArns().get(ReferenceTopology.ORDER_LIFECYCLE))
                        .message(json)
                        .messageGroupId(event.subject())
                        .messageDeduplicationId(event.id())
                        .messageAttributes(attributes(event.type(), event.schemaVersion())));
    }

    /** Puts a message straight on a queue, as S3 or a broken producer would. Returns its message id. */
    public String send(String logicalQueue, String body) {
        return aws.sqs()
                .sendMessage(b -> b.queueUrl(queueUrl(logicalQueue)).messageBody(body))
                .messageId();
    }

    /** Waits until a message whose body contains {@code marker} sits in the queue; receives and deletes it. */
    public Message awaitAndTake(String logicalQueue, String marker, Duration atMost) {
        var found = new ArrayList<Message>();
        String url = queueUrl(logicalQueue);
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Message m : aws.sqs()
                    .receiveMessage(b -> b.queueUrl(url)
                            .maxNumberOfMessages(10)
                            .waitTimeSeconds(1)
                            .messageSystemAttributeNamesWithStrings("All"))
                    .messages()) {
                if (m.body().contains(marker)) {
                    aws.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                    found.add(m);
                } else {
                    aws.sqs()
                            .changeMessageVisibility(b -> b.queueUrl(url)
                                    .receiptHandle(m.receiptHandle())
                                    .visibilityTimeout(0));
                }
            }
            return !found.isEmpty();
        });
        return found.getFirst();
    }

    private static Map<String, MessageAttributeValue> attributes(String eventType, int schemaVersion) {
        return Map.of(
                MessageAttributeNames.EVENT_TYPE,
                MessageAttributeValue.builder()
                        .dataType("String")
                        .stringValue(eventType)
                        .build(),
                MessageAttributeNames.SCHEMA_VERSION,
                MessageAttributeValue.builder()
                        .dataType("Number")
                        .stringValue(String.valueOf(schemaVersion))
                        .build());
    }
}

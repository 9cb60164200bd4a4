package dev.awsref.notification.support;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.aws.EventMessageAttributes;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.provision.EphemeralTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.QueueProbe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The reference topology provisioned on the test emulator under a prefix of its own (deleted when
 * the JVM exits), and the moves a test makes on it: publish as order-service does, put raw
 * messages on a queue, take a message from a DLQ.
 */
public final class TestTopology {

    /** The visibility timeout tests give the work queues, so redelivery takes seconds, not 30 s. */
    public static final int TEST_VISIBILITY_SECONDS = 2;

    private static volatile TestTopology shared;

    private final AwsTestEnvironment environment;
    private final AwsClients aws;
    private final EphemeralTopology topology;
    private final EventCodec codec = new EventCodec();

    private TestTopology(String tag) {
        environment = AwsTestEnvironment.get();
        aws = new AwsClients(AwsEndpoints.of(environment.region(), environment.endpoints()));
        topology = EphemeralTopology.provisionUntilExit(
                aws, ReferenceTopology.definition().messagingOnly(), tag);
        topology.topology()
                .queuesConsumedBy(dev.awsref.platform.topology.ServiceName.NOTIFICATION)
                .forEach(queue -> setVisibilityTimeout(queue.name(), TEST_VISIBILITY_SECONDS));
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
        return topology.prefix();
    }

    public AwsClients aws() {
        return aws;
    }

    /** Spring properties pointing the service at the emulator and this topology. */
    public Map<String, String> springProperties() {
        var properties = new LinkedHashMap<>(environment.springProperties());
        properties.put("app.topology.prefix", topology.prefix());
        return properties;
    }

    public String queueUrl(String logicalName) {
        return topology.queueUrl(logicalName);
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
                .publish(b -> b.topicArn(topology.topicArn(ReferenceTopology.ORDER_EVENTS))
                        .message(json)
                        .messageAttributes(attributes(eventType, schemaVersion)));
    }

    /** Publishes to SNS order-lifecycle.fifo: message group = order id, deduplication id = event id. */
    public void publishLifecycleEvent(EventEnvelope<?> event) {
        publishLifecycleJson(codec.toJson(event), event);
    }

    /** Publishes {@code json} to the FIFO topic with the group and deduplication id {@code event} would have. */
    public void publishLifecycleJson(String json, EventEnvelope<?> event) {
        aws.sns()
                .publish(b -> b.topicArn(topology.topicArn(ReferenceTopology.ORDER_LIFECYCLE))
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
    public QueueProbe.Received awaitAndTake(String logicalQueue, String marker, Duration atMost) {
        return QueueProbe.of(aws.sqs(), queueUrl(logicalQueue)).awaitAndTake(marker, atMost);
    }

    private static Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> attributes(
            String eventType, int schemaVersion) {
        return new EventMessageAttributes(eventType, schemaVersion, Map.of()).toSns();
    }
}

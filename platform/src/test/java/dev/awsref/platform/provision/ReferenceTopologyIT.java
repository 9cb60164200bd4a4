package dev.awsref.platform.provision;

import static dev.awsref.platform.topology.ReferenceTopology.ANALYTICS_ORDER_EVENTS;
import static dev.awsref.platform.topology.ReferenceTopology.HIGH_VALUE_ORDERS;
import static dev.awsref.platform.topology.ReferenceTopology.NOTIFICATION_ORDER_EVENTS;
import static dev.awsref.platform.topology.ReferenceTopology.NOTIFICATION_ORDER_LIFECYCLE;
import static dev.awsref.platform.topology.ReferenceTopology.ORDER_EVENTS;
import static dev.awsref.platform.topology.ReferenceTopology.ORDER_LIFECYCLE;
import static dev.awsref.platform.topology.ReferenceTopology.USER_ACTIVITY_STREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.provision.ProvisionReport.Action;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.AwsTestEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Provisions the whole reference topology on the emulator under a prefix of its own, then proves
 * with the plain AWS SDK that it routes, orders and dead-letters messages as the docs say.
 */
@AwsEmulators
class ReferenceTopologyIT {

    private static AwsClients aws;
    private static Provisioner provisioner;
    private static ResourceNames names;
    private static ProvisionReport firstRun;

    @BeforeAll
    static void provisionTheTopology(AwsTestEnvironment environment) {
        aws = new AwsClients(endpointsOf(environment));
        names = new ResourceNames("it-" + UUID.randomUUID().toString().substring(0, 8));
        provisioner = new Provisioner(aws, names, System.out);
        firstRun = provisioner.provision(ReferenceTopology.definition());
    }

    /** The emulators outlive the run: leave no topology behind (its stream holds shared shards). */
    @AfterAll
    static void deleteTheTopologyAndCloseClients() {
        EphemeralTopology.provision(aws, ReferenceTopology.definition(), names).close();
        aws.close();
    }

    @Test
    void createsEveryResourceOnTheFirstRunAndNothingOnTheSecond() {
        // One resource per topic, queue, subscription, bucket, stream and table of the model (21
        // today), counted from it so that adding a resource is not also an edit here.
        var model = ReferenceTopology.definition();
        assertThat(firstRun.count(Action.CREATED))
                .isEqualTo(model.topics().size()
                        + model.queues().size()
                        + model.subscriptions().size()
                        + model.buckets().size()
                        + model.streams().size()
                        + model.tables().size());

        var secondRun = new Provisioner(aws, names, quiet()).provision(ReferenceTopology.definition());

        assertThat(secondRun.count(Action.UNCHANGED))
                .isEqualTo(secondRun.entries().size());
        assertThat(aws.sqs()
                        .listQueues(b -> b.queueNamePrefix(names.physical("")))
                        .queueUrls())
                .hasSize(model.queues().size());
    }

    @Test
    void putsBackAnAttributeSomeoneChangedByHand() {
        String url = queueUrl(ANALYTICS_ORDER_EVENTS);
        aws.sqs()
                .setQueueAttributes(
                        b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5")));

        var rerun = new Provisioner(aws, names, quiet()).provision(ReferenceTopology.definition());

        assertThat(rerun.entries())
                .filteredOn(e -> e.name().equals(names.physical(ANALYTICS_ORDER_EVENTS)))
                .singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(Action.UPDATED));
        assertThat(visibilityTimeoutOf(url)).isEqualTo("30");
    }

    @Test
    void anOrderPlacedReachesTheNotificationAndAnalyticsQueuesButNotTheHighValueQueue() {
        String orderId = UUID.randomUUID().toString();
        publishOrderEvent("OrderPlaced", orderId, 250);

        assertThat(awaitBodies(ANALYTICS_ORDER_EVENTS, orderId, 1)).hasSize(1);
        assertThat(awaitBodies(NOTIFICATION_ORDER_EVENTS, orderId, 1)).hasSize(1);
        assertThat(bodiesWithin(HIGH_VALUE_ORDERS, orderId, Duration.ofSeconds(2)))
                .isEmpty();
    }

    @Test
    void anEventTypeTheNotificationFilterExcludesNeverReachesItsQueue() {
        String orderId = UUID.randomUUID().toString();
        publishOrderEvent("OrderPaid", orderId, 250);

        assertThat(awaitBodies(ANALYTICS_ORDER_EVENTS, orderId, 1)).hasSize(1);
        assertThat(bodiesWithin(NOTIFICATION_ORDER_EVENTS, orderId, Duration.ofSeconds(2)))
                .isEmpty();
    }

    @Test
    void anOrderOfAThousandOrMoreReachesTheHighValueQueueByItsBody() {
        String orderId = UUID.randomUUID().toString();
        publishOrderEvent("OrderPlaced", orderId, 1500);

        assertThat(awaitBodies(HIGH_VALUE_ORDERS, orderId, 1)).hasSize(1);
    }

    @Test
    void lifecycleEventsOfOneOrderArriveOnTheFifoQueueInTheOrderTheyWerePublished() {
        String orderId = UUID.randomUUID().toString();
        var published = List.of("placed", "paid", "shipped", "delivered", "archived");
        for (String step : published) {
            aws.sns()
                    .publish(b -> b.topicArn(provisioner.topicArns().get(ORDER_LIFECYCLE))
                            .message("{\"orderId\":\"" + orderId + "\",\"step\":\"" + step + "\"}")
                            .messageGroupId(orderId)
                            .messageDeduplicationId(UUID.randomUUID().toString()));
        }

        var received = awaitBodies(NOTIFICATION_ORDER_LIFECYCLE, orderId, published.size());

        assertThat(received)
                .extracting(body -> body.replaceAll(".*\"step\":\"([a-z]+)\".*", "$1"))
                .containsExactlyElementsOf(published);
    }

    @Test
    void aMessageReceivedFiveTimesWithoutBeingDeletedMovesToTheDeadLetterQueue() {
        String orderId = UUID.randomUUID().toString();
        String url = queueUrl(ANALYTICS_ORDER_EVENTS);
        publishOrderEvent("OrderCancelled", orderId, 10);

        int receives = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (receives < ReferenceTopology.MAX_RECEIVE_COUNT && System.nanoTime() < deadline) {
            // A consumer that fails: it receives, never deletes, and the message comes back after 1 s.
            receives += (int) aws
                    .sqs()
                    .receiveMessage(b -> b.queueUrl(url)
                            .visibilityTimeout(1)
                            .waitTimeSeconds(2)
                            .maxNumberOfMessages(10))
                    .messages()
                    .stream()
                    .filter(m -> m.body().contains(orderId))
                    .count();
        }
        assertThat(receives).isEqualTo(ReferenceTopology.MAX_RECEIVE_COUNT);

        // SQS moves the message when a sixth receive would hand it out, so that receive comes back empty.
        assertThat(bodiesWithin(ANALYTICS_ORDER_EVENTS, orderId, Duration.ofSeconds(3)))
                .isEmpty();
        assertThat(awaitBodies(ANALYTICS_ORDER_EVENTS + "-dlq", orderId, 1)).hasSize(1);
    }

    @Test
    void aRecordPutToTheActivityStreamCanBeReadBackFromItsShard() {
        String stream = names.physical(USER_ACTIVITY_STREAM);
        String userId = "user-" + UUID.randomUUID();
        var put = aws.kinesis()
                .putRecord(b -> b.streamName(stream)
                        .partitionKey(userId)
                        .data(SdkBytes.fromUtf8String("{\"userId\":\"" + userId + "\"}")));

        String iterator = aws.kinesis()
                .getShardIterator(b -> b.streamName(stream)
                        .shardId(put.shardId())
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .startingSequenceNumber(put.sequenceNumber()))
                .shardIterator();
        var records = aws.kinesis()
                .getRecords(b -> b.shardIterator(iterator).limit(1))
                .records();

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.partitionKey()).isEqualTo(userId);
            assertThat(r.data().asUtf8String()).contains(userId);
        });
    }

    // --- helpers ----------------------------------------------------------------------------

    private void publishOrderEvent(String type, String orderId, int total) {
        String body = """
                {"id":"%s","type":"%s","subject":"%s","data":{"orderId":"%s","total":%d}}""".formatted(UUID.randomUUID(), type, orderId, orderId, total);
        aws.sns()
                .publish(b -> b.topicArn(provisioner.topicArns().get(ORDER_EVENTS))
                        .message(body)
                        .messageAttributes(Map.of(
                                "eventType",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue(type)
                                        .build())));
    }

    /** Receives (and deletes) messages containing {@code marker} until {@code count} arrived. */
    private List<String> awaitBodies(String queue, String marker, int count) {
        var bodies = new ArrayList<String>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            bodies.addAll(receiveAndDelete(queue, marker, 1));
            return bodies.size() >= count;
        });
        return bodies;
    }

    private List<String> bodiesWithin(String queue, String marker, Duration wait) {
        return receiveAndDelete(queue, marker, (int) wait.toSeconds());
    }

    private List<String> receiveAndDelete(String queue, String marker, int waitSeconds) {
        String url = queueUrl(queue);
        List<Message> messages = aws.sqs()
                .receiveMessage(
                        b -> b.queueUrl(url).waitTimeSeconds(waitSeconds).maxNumberOfMessages(10))
                .messages();
        var matching = new ArrayList<String>();
        for (Message message : messages) {
            if (message.body().contains(marker)) {
                matching.add(message.body());
                aws.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
            } else {
                // Another test's message: hand it back at once.
                aws.sqs()
                        .changeMessageVisibility(b -> b.queueUrl(url)
                                .receiptHandle(message.receiptHandle())
                                .visibilityTimeout(0));
            }
        }
        return matching;
    }

    private String queueUrl(String logicalName) {
        return provisioner.queueUrls().get(logicalName);
    }

    private String visibilityTimeoutOf(String url) {
        return aws.sqs()
                .getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                .attributes()
                .get(QueueAttributeName.VISIBILITY_TIMEOUT);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    static AwsEndpoints endpointsOf(AwsTestEnvironment environment) {
        return new AwsEndpoints(
                environment.region(),
                Optional.of(environment.sns()),
                Optional.of(environment.sqs()),
                Optional.of(environment.s3()),
                Optional.of(environment.kinesis()),
                Optional.of(environment.dynamodb()));
    }
}

package dev.awsref.platform.topology;

import static dev.awsref.platform.topology.ServiceName.ANALYTICS;
import static dev.awsref.platform.topology.ServiceName.NOTIFICATION;
import static dev.awsref.platform.topology.ServiceName.ORDER;
import static dev.awsref.platform.topology.SubscriptionSpec.FilterPolicyScope.MessageAttributes;
import static dev.awsref.platform.topology.SubscriptionSpec.FilterPolicyScope.MessageBody;

import dev.awsref.platform.topology.QueueSpec.Listener;
import dev.awsref.platform.topology.TableSpec.GlobalIndex;
import dev.awsref.platform.topology.TableSpec.Key;
import dev.awsref.platform.topology.TableSpec.LocalIndex;
import dev.awsref.platform.topology.TableSpec.Projection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The system's topology: the one place where its topics, queues, subscriptions, stream and tables
 * are declared. Read this next to the diagram in docs/architecture.md; a test keeps the two equal.
 */
public final class ReferenceTopology {

    public static final String ORDER_EVENTS = "order-events";
    public static final String ORDER_LIFECYCLE = "order-lifecycle.fifo";
    public static final String OPS_ALERTS = "ops-alerts";

    public static final String NOTIFICATION_ORDER_EVENTS = "notification-order-events";
    public static final String HIGH_VALUE_ORDERS = "high-value-orders";
    public static final String ANALYTICS_ORDER_EVENTS = "analytics-order-events";
    public static final String NOTIFICATION_ORDER_LIFECYCLE = "notification-order-lifecycle.fifo";
    public static final String NOTIFICATION_DOCUMENTS = "notification-documents";

    public static final String DOCUMENTS_BUCKET = "documents";
    public static final String USER_ACTIVITY_STREAM = "user-activity";
    /** Where the activity consumer puts a record it can never apply (see StreamSpec.PoisonRecords). */
    public static final String USER_ACTIVITY_DEAD_LETTERS = "user-activity-dlq";
    /**
     * Attempts at one activity record before it is dead-lettered: a deterministic failure fails
     * every time, and each attempt holds up the record's shard, so a few are enough.
     */
    public static final int POISON_RECORD_ATTEMPTS = 3;

    public static final String USER_ACTIVITY_DAILY_TABLE = "user-activity-daily";
    /** KCL names its lease table after the application. */
    public static final String ANALYTICS_KCL_APPLICATION = "analytics-user-activity";
    /** A replay is a second KCL application, named {@code analytics-replay-<id>}, whose lease table this is. */
    public static final String ANALYTICS_REPLAY_TABLES = "analytics-replay-";

    /** Receives before a message is declared poison and moved to its dead-letter queue. */
    public static final int MAX_RECEIVE_COUNT = 5;

    /** Order events the notification service mails about; OrderPaid is deliberately not among them. */
    static final String CUSTOMER_EMAIL_EVENTS = """
            {"eventType": ["OrderPlaced", "OrderShipped", "OrderCancelled"]}""";

    /** Matches on the JSON body, because the order total is there and not in an attribute. */
    static final String HIGH_VALUE_ORDER_PLACED = """
            {"type": ["OrderPlaced"], "data": {"total": [{"numeric": [">=", 1000]}]}}""";

    private ReferenceTopology() {}

    /** Built and validated once: every service, the provisioner and the CDK app read it, some often. */
    private static final Topology DEFINITION = build();

    /** The topology; immutable, so one instance serves every reader. */
    public static Topology definition() {
        return DEFINITION;
    }

    private static Topology build() {
        return Topology.builder()
                .topic(TopicSpec.standard(ORDER_EVENTS, ORDER))
                .topic(TopicSpec.fifo(ORDER_LIFECYCLE, ORDER))
                .topic(TopicSpec.standard(OPS_ALERTS, null))
                // Sending an email takes well under a second; 30 s leaves room for SMTP retries.
                .queueWithDeadLetter(NOTIFICATION_ORDER_EVENTS, Duration.ofSeconds(30), MAX_RECEIVE_COUNT, NOTIFICATION)
                // Rare, and mailed to one operations address: two at a time is plenty.
                .queueWithDeadLetter(
                        HIGH_VALUE_ORDERS, Duration.ofSeconds(30), MAX_RECEIVE_COUNT, NOTIFICATION, Listener.atMost(2))
                .queueWithDeadLetter(
                        NOTIFICATION_ORDER_LIFECYCLE, Duration.ofSeconds(30), MAX_RECEIVE_COUNT, NOTIFICATION)
                .queueWithDeadLetter(
                        NOTIFICATION_DOCUMENTS,
                        Duration.ofSeconds(60),
                        MAX_RECEIVE_COUNT,
                        NOTIFICATION,
                        Listener.atMost(2))
                .queueWithDeadLetter(ANALYTICS_ORDER_EVENTS, Duration.ofSeconds(30), MAX_RECEIVE_COUNT, ANALYTICS)
                .subscribeFiltered(ORDER_EVENTS, NOTIFICATION_ORDER_EVENTS, MessageAttributes, CUSTOMER_EMAIL_EVENTS)
                .subscribeFiltered(ORDER_EVENTS, HIGH_VALUE_ORDERS, MessageBody, HIGH_VALUE_ORDER_PLACED)
                .subscribe(ORDER_EVENTS, ANALYTICS_ORDER_EVENTS)
                .subscribe(ORDER_LIFECYCLE, NOTIFICATION_ORDER_LIFECYCLE)
                .bucket(new BucketSpec(DOCUMENTS_BUCKET, NOTIFICATION_DOCUMENTS))
                // A record the consumer cannot apply goes to user-activity-dlq after 3 attempts.
                .streamWithDeadLetter(
                        new StreamSpec(USER_ACTIVITY_STREAM, 2, Duration.ofHours(24), ANALYTICS, ANALYTICS),
                        POISON_RECORD_ATTEMPTS)
                .table(userActivityDaily())
                .table(TableSpec.kclLeaseTable(ANALYTICS_KCL_APPLICATION, ANALYTICS))
                .runtimeTable(RuntimeTableSpec.kclLeaseTables(
                        ANALYTICS_REPLAY_TABLES,
                        ANALYTICS,
                        "the lease table of one replay's KCL application; deleted when the replay stops"))
                .service(ServiceSpec.of(ORDER, 8081, 9081)
                        .withDatabase("orders")
                        .withCache()
                        .withTokenValidation())
                .service(ServiceSpec.of(NOTIFICATION, 8082, 9082)
                        .withDatabase("notifications")
                        .withMail()
                        .withOperationsApi()
                        // consumes queues and sends mail; no client calls it. Its SNS HTTP(S) endpoint
                        // takes deliveries from this topic only (the allow-list); on AWS SNS reaches it
                        // only through the public URL given to the CDK app (infra/README.md).
                        .withInternalApi()
                        .withSnsHttpsSubscription(ORDER_EVENTS))
                .service(ServiceSpec.of(ANALYTICS, 8083, 9083)
                        .withCache()
                        .withTokenValidation()
                        .withOperationsApi())
                .build();
    }

    /**
     * One item per user and day. The GSI answers "everyone active on a day"; the LSI sorts one
     * user's days by how much they did instead of by date.
     */
    private static TableSpec userActivityDaily() {
        return new TableSpec(
                USER_ACTIVITY_DAILY_TABLE,
                Key.string("userId"),
                Optional.of(Key.string("day")),
                List.of(new GlobalIndex(
                        "by-day", Key.string("day"), Optional.of(Key.string("userId")), Projection.ALL)),
                List.of(new LocalIndex("by-event-count", Key.number("eventCount"), Projection.ALL)),
                ANALYTICS);
    }
}

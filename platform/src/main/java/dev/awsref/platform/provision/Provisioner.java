package dev.awsref.platform.provision;

import static dev.awsref.platform.provision.ProvisionReport.Action.CREATED;
import static dev.awsref.platform.provision.ProvisionReport.Action.DRIFTED;
import static dev.awsref.platform.provision.ProvisionReport.Action.SKIPPED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UNCHANGED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UPDATED;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.topology.BucketSpec;
import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.StreamSpec;
import dev.awsref.platform.topology.SubscriptionSpec;
import dev.awsref.platform.topology.TableSpec;
import dev.awsref.platform.topology.TopicSpec;
import dev.awsref.platform.topology.Topology;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates a topology on any AWS-compatible endpoint, idempotently: a resource that exists is
 * compared with the topology and its changed attributes are set; nothing is created twice.
 * Order matters and follows the dependencies: topics, then dead-letter queues, then queues (whose
 * redrive policy names the DLQ's ARN and whose queue policy names the topics'), subscriptions,
 * buckets, streams (waited on until ACTIVE) and tables.
 *
 * <p>Resharding a stream or changing a table's local indexes are not provisioning: they are
 * reported as drift and left to the operations that own them.
 */
public final class Provisioner {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration STREAM_ACTIVE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration TABLE_ACTIVE_TIMEOUT = Duration.ofMinutes(5);
    private static final FixedDelayBackoffStrategy POLL_EVERY_200_MS =
            FixedDelayBackoffStrategy.create(Duration.ofMillis(200));

    private final AwsClients aws;
    private final ResourceNames names;
    private final ProvisionReport report;
    private final Map<String, String> topicArns = new HashMap<>();
    private final Map<String, String> queueArns = new HashMap<>();
    private final Map<String, String> queueUrls = new HashMap<>();

    public Provisioner(AwsClients aws, ResourceNames names, PrintStream out) {
        this.aws = aws;
        this.names = names;
        this.report = new ProvisionReport(out);
    }

    public ProvisionReport provision(Topology topology) {
        List<String> existingTopics = allTopicArns(aws.sns());
        topology.topics().forEach(topic -> topic(topic, existingTopics));
        topology.queuesInCreationOrder().forEach(queue -> queue(queue, topology));
        topology.subscriptions().forEach(this::subscription);
        topology.buckets().forEach(this::bucket);
        topology.streams().forEach(this::stream);
        topology.tables().forEach(this::table);
        return report;
    }

    /** Physical queue URLs by logical name, as resolved in the last run. */
    public Map<String, String> queueUrls() {
        return Map.copyOf(queueUrls);
    }

    /** Physical topic ARNs by logical name, as resolved in the last run. */
    public Map<String, String> topicArns() {
        return Map.copyOf(topicArns);
    }

    // --- SNS topics -------------------------------------------------------------------------

    private void topic(TopicSpec topic, List<String> existingTopics) {
        String name = names.physical(topic.name());
        boolean existed = existingTopics.stream().anyMatch(arn -> isNamed(arn, name));
        Map<String, String> attributes = topic.fifo() ? Map.of("FifoTopic", "true") : Map.of();
        // CreateTopic returns the existing topic's ARN when the name is taken with the same attributes.
        String arn =
                aws.sns().createTopic(b -> b.name(name).attributes(attributes)).topicArn();
        topicArns.put(topic.name(), arn);
        report.record(existed ? UNCHANGED : CREATED, "sns topic", name, topic.fifo() ? "FIFO" : "standard");
    }

    /** The ARN of an existing topic, without creating it (CreateTopic would, quietly). */
    static Optional<String> findTopicArn(SnsClient sns, String physicalName) {
        return allTopicArns(sns).stream()
                .filter(arn -> isNamed(arn, physicalName))
                .findFirst();
    }

    private static List<String> allTopicArns(SnsClient sns) {
        return sns.listTopicsPaginator().topics().stream()
                .map(t -> t.topicArn())
                .toList();
    }

    private static boolean isNamed(String topicArn, String physicalName) {
        return topicArn.endsWith(":" + physicalName);
    }

    // --- SQS queues -------------------------------------------------------------------------

    private void queue(QueueSpec queue, Topology topology) {
        String name = names.physical(queue.name());
        Map<QueueAttributeName, String> creationAttributes = baseAttributes(queue);
        boolean existed = true;
        String url;
        try {
            url = aws.sqs().getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            existed = false;
            var create = new LinkedHashMap<>(creationAttributes);
            if (queue.fifo()) {
                create.put(QueueAttributeName.FIFO_QUEUE, "true");
            }
            url = aws.sqs()
                    .createQueue(b -> b.queueName(name).attributes(create))
                    .queueUrl();
        }
        String queueUrl = url;
        Map<QueueAttributeName, String> actual = aws.sqs()
                .getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
                .attributes();
        String arn = actual.get(QueueAttributeName.QUEUE_ARN);
        queueUrls.put(queue.name(), queueUrl);
        queueArns.put(queue.name(), arn);

        Map<QueueAttributeName, String> desired = new LinkedHashMap<>(creationAttributes);
        desired.put(QueueAttributeName.POLICY, policyFor(queue, topology, arn));
        Map<QueueAttributeName, String> changed = new LinkedHashMap<>();
        desired.forEach((attribute, value) -> {
            if (!sameAttributeValue(attribute, value, actual.get(attribute))) {
                changed.put(attribute, value);
            }
        });
        if (!changed.isEmpty()) {
            aws.sqs().setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(changed));
        }
        String detail = describe(queue);
        if (!existed) {
            report.record(CREATED, "sqs queue", name, detail);
        } else if (!changed.isEmpty()) {
            report.record(UPDATED, "sqs queue", name, "set " + changed.keySet() + "; " + detail);
        } else {
            report.record(UNCHANGED, "sqs queue", name, detail);
        }
    }

    private Map<QueueAttributeName, String> baseAttributes(QueueSpec queue) {
        var attributes = new LinkedHashMap<QueueAttributeName, String>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, seconds(queue.visibilityTimeout()));
        attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, seconds(queue.retention()));
        attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, seconds(queue.receiveWait()));
        queue.deadLetter()
                .ifPresent(dl -> attributes.put(
                        QueueAttributeName.REDRIVE_POLICY,
                        JSON.createObjectNode()
                                .put("deadLetterTargetArn", queueArns.get(dl.queueName()))
                                .put("maxReceiveCount", dl.maxReceiveCount())
                                .toString()));
        return attributes;
    }

    private String policyFor(QueueSpec queue, Topology topology, String queueArn) {
        List<String> topics = topology.subscriptionsInto(queue.name()).stream()
                .map(s -> topicArns.get(s.topic()))
                .toList();
        List<String> buckets = topology.bucketsNotifying(queue.name()).stream()
                .map(b -> "arn:aws:s3:::" + names.physical(b.name()))
                .toList();
        return QueuePolicyDocument.build(queueArn, topics, buckets);
    }

    private static String describe(QueueSpec queue) {
        String redrive = queue.deadLetter()
                .map(dl -> "dlq " + dl.queueName() + " after " + dl.maxReceiveCount() + " receives")
                .orElse("dead-letter queue");
        return "%s, visibility %ss, wait %ss; %s"
                .formatted(
                        queue.fifo() ? "FIFO" : "standard",
                        seconds(queue.visibilityTimeout()),
                        seconds(queue.receiveWait()),
                        redrive);
    }

    // --- SNS subscriptions ------------------------------------------------------------------

    private void subscription(SubscriptionSpec subscription) {
        String topicArn = topicArns.get(subscription.topic());
        String queueArn = queueArns.get(subscription.queue());
        String label = names.physical(subscription.topic()) + " -> " + names.physical(subscription.queue());
        Map<String, String> desired = new TreeMap<>();
        desired.put("RawMessageDelivery", Boolean.toString(subscription.rawMessageDelivery()));
        subscription.filterPolicy().ifPresent(policy -> {
            desired.put("FilterPolicy", policy);
            desired.put("FilterPolicyScope", subscription.filterPolicyScope().name());
        });
        String detail = subscription
                        .filterPolicy()
                        .map(p -> "filter on " + subscription.filterPolicyScope() + " " + compactJson(p))
                        .orElse("no filter")
                + (subscription.rawMessageDelivery() ? ", raw delivery" : "");

        Optional<Subscription> existing =
                aws.sns().listSubscriptionsByTopicPaginator(b -> b.topicArn(topicArn)).subscriptions().stream()
                        .filter(s -> "sqs".equals(s.protocol()) && queueArn.equals(s.endpoint()))
                        .findFirst();
        if (existing.isEmpty()) {
            aws.sns()
                    .subscribe(b -> b.topicArn(topicArn)
                            .protocol("sqs")
                            .endpoint(queueArn)
                            .attributes(desired)
                            .returnSubscriptionArn(true));
            report.record(CREATED, "subscription", label, detail);
            return;
        }
        String subscriptionArn = existing.get().subscriptionArn();
        Map<String, String> actual = aws.sns()
                .getSubscriptionAttributes(b -> b.subscriptionArn(subscriptionArn))
                .attributes();
        var changed = new TreeMap<String, String>();
        desired.forEach((attribute, value) -> {
            if (!sameSubscriptionValue(attribute, value, actual.get(attribute))) {
                changed.put(attribute, value);
            }
        });
        if (subscription.filterPolicy().isEmpty() && present(actual.get("FilterPolicy"))) {
            changed.put("FilterPolicy", "{}");
        }
        changed.forEach((attribute, value) -> aws.sns()
                .setSubscriptionAttributes(b -> b.subscriptionArn(subscriptionArn)
                        .attributeName(attribute)
                        .attributeValue(value)));
        report.record(
                changed.isEmpty() ? UNCHANGED : UPDATED,
                "subscription",
                label,
                changed.isEmpty() ? detail : "set " + changed.keySet() + "; " + detail);
    }

    // --- S3 buckets -------------------------------------------------------------------------

    private void bucket(BucketSpec bucket) {
        String name = names.physical(bucket.name());
        boolean existed = true;
        try {
            aws.s3().headBucket(b -> b.bucket(name));
        } catch (NoSuchBucketException e) {
            existed = false;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            existed = false;
        }
        if (!existed) {
            aws.s3().createBucket(b -> b.bucket(name));
        }
        report.record(
                existed ? UNCHANGED : CREATED, "s3 bucket", name, "ObjectCreated -> " + bucket.objectCreatedQueue());
        String queueArn = queueArns.get(bucket.objectCreatedQueue());
        try {
            aws.s3()
                    .putBucketNotificationConfiguration(b -> b.bucket(name)
                            .notificationConfiguration(n -> n.queueConfigurations(q ->
                                    q.id("object-created").queueArn(queueArn).events(Event.S3_OBJECT_CREATED))));
        } catch (S3Exception e) {
            // fauxqs keeps objects but not notification settings; LocalStack and AWS keep both.
            report.record(
                    SKIPPED,
                    "s3 notification",
                    name,
                    "endpoint refused PutBucketNotificationConfiguration (" + e.statusCode()
                            + "); the test puts S3-event-shaped messages on the queue instead");
        }
    }

    // --- Kinesis streams --------------------------------------------------------------------

    private void stream(StreamSpec stream) {
        String name = names.physical(stream.name());
        int retentionHours = Math.toIntExact(stream.retention().toHours());
        Optional<StreamDescriptionSummary> existing = describeStream(name);
        if (existing.isEmpty()) {
            aws.kinesis()
                    .createStream(b -> b.streamName(name)
                            .shardCount(stream.shardCount())
                            .streamModeDetails(m -> m.streamMode(StreamMode.PROVISIONED)));
            waitUntilActive(name);
            if (retentionHours != 24) {
                aws.kinesis()
                        .increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(retentionHours));
            }
            report.record(
                    CREATED,
                    "kinesis stream",
                    name,
                    stream.shardCount() + " shards, retention " + retentionHours + " h; ACTIVE");
            return;
        }
        var summary = existing.get();
        if (!"ACTIVE".equals(summary.streamStatusAsString())) {
            waitUntilActive(name);
        }
        boolean updated = false;
        if (summary.retentionPeriodHours() < retentionHours) {
            aws.kinesis().increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(retentionHours));
            updated = true;
        } else if (summary.retentionPeriodHours() > retentionHours) {
            aws.kinesis().decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(retentionHours));
            updated = true;
        }
        String detail = stream.shardCount() + " shards, retention " + retentionHours + " h";
        if (summary.openShardCount() != stream.shardCount()) {
            report.record(
                    DRIFTED,
                    "kinesis stream",
                    name,
                    summary.openShardCount() + " open shards, topology says " + stream.shardCount()
                            + "; resharding is an operation (analytics-service), not provisioning");
        } else {
            report.record(
                    updated ? UPDATED : UNCHANGED, "kinesis stream", name, detail + (updated ? "; retention set" : ""));
        }
    }

    private Optional<StreamDescriptionSummary> describeStream(String name) {
        try {
            return Optional.of(
                    aws.kinesis().describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary());
        } catch (software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private void waitUntilActive(String name) {
        try (var waiter = aws.kinesis().waiter()) {
            waiter.waitUntilStreamExists(
                    b -> b.streamName(name),
                    o -> o.waitTimeout(STREAM_ACTIVE_TIMEOUT).backoffStrategy(POLL_EVERY_200_MS));
        }
    }

    // --- DynamoDB tables --------------------------------------------------------------------

    private void table(TableSpec table) {
        String name = names.physical(table.name());
        Optional<TableDescription> existing = describeTable(name);
        String detail = tableDetail(table);
        if (existing.isEmpty()) {
            aws.dynamoDb().createTable(b -> {
                b.tableName(name)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(attributeDefinitions(table))
                        .keySchema(keySchema(table.partitionKey(), table.sortKey()));
                if (!table.globalIndexes().isEmpty()) {
                    b.globalSecondaryIndexes(
                            table.globalIndexes().stream().map(Provisioner::gsi).toList());
                }
                if (!table.localIndexes().isEmpty()) {
                    b.localSecondaryIndexes(table.localIndexes().stream()
                            .map(lsi -> lsi(table, lsi))
                            .toList());
                }
            });
            try (var waiter = aws.dynamoDb().waiter()) {
                // The SDK's default polls every 20 s; tables on emulators are ready in milliseconds.
                waiter.waitUntilTableExists(
                        b -> b.tableName(name),
                        o -> o.waitTimeout(TABLE_ACTIVE_TIMEOUT).backoffStrategy(POLL_EVERY_200_MS));
            }
            report.record(CREATED, "dynamodb table", name, detail);
            return;
        }
        var description = existing.get();
        var actualGsis = description.globalSecondaryIndexes().stream()
                .map(g -> g.indexName())
                .toList();
        var actualLsis = description.localSecondaryIndexes().stream()
                .map(l -> l.indexName())
                .sorted()
                .toList();
        var wantedLsis = table.localIndexes().stream()
                .map(TableSpec.LocalIndex::name)
                .sorted()
                .toList();
        var missingGsis = table.globalIndexes().stream()
                .filter(g -> !actualGsis.contains(g.name()))
                .toList();
        for (var gsi : missingGsis) {
            aws.dynamoDb()
                    .updateTable(b -> b.tableName(name)
                            .attributeDefinitions(attributeDefinitions(table))
                            .globalSecondaryIndexUpdates(u -> u.create(CreateGlobalSecondaryIndexAction.builder()
                                    .indexName(gsi.name())
                                    .keySchema(keySchema(gsi.partitionKey(), gsi.sortKey()))
                                    .projection(p -> p.projectionType(projection(gsi.projection())))
                                    .build())));
        }
        if (!actualLsis.equals(wantedLsis)) {
            report.record(
                    DRIFTED,
                    "dynamodb table",
                    name,
                    "local indexes are " + actualLsis + ", topology says " + wantedLsis
                            + "; LSIs are fixed at creation, so the table must be recreated");
        } else if (!missingGsis.isEmpty()) {
            report.record(
                    UPDATED,
                    "dynamodb table",
                    name,
                    "added GSI "
                            + missingGsis.stream()
                                    .map(TableSpec.GlobalIndex::name)
                                    .toList() + "; " + detail);
        } else {
            report.record(UNCHANGED, "dynamodb table", name, detail);
        }
    }

    private Optional<TableDescription> describeTable(String name) {
        try {
            return Optional.of(
                    aws.dynamoDb().describeTable(b -> b.tableName(name)).table());
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static String tableDetail(TableSpec table) {
        return "key " + table.partitionKey().attribute()
                + table.sortKey().map(k -> "+" + k.attribute()).orElse("")
                + (table.globalIndexes().isEmpty()
                        ? ""
                        : ", GSI "
                                + table.globalIndexes().stream()
                                        .map(TableSpec.GlobalIndex::name)
                                        .toList())
                + (table.localIndexes().isEmpty()
                        ? ""
                        : ", LSI "
                                + table.localIndexes().stream()
                                        .map(TableSpec.LocalIndex::name)
                                        .toList())
                + ", on-demand";
    }

    private static List<AttributeDefinition> attributeDefinitions(TableSpec table) {
        return table.keyAttributes().stream()
                .map(k -> AttributeDefinition.builder()
                        .attributeName(k.attribute())
                        .attributeType(ScalarAttributeType.fromValue(k.type().name()))
                        .build())
                .toList();
    }

    private static List<KeySchemaElement> keySchema(TableSpec.Key hash, Optional<TableSpec.Key> range) {
        var schema = new java.util.ArrayList<KeySchemaElement>();
        schema.add(KeySchemaElement.builder()
                .attributeName(hash.attribute())
                .keyType(KeyType.HASH)
                .build());
        range.ifPresent(r -> schema.add(KeySchemaElement.builder()
                .attributeName(r.attribute())
                .keyType(KeyType.RANGE)
                .build()));
        return schema;
    }

    private static GlobalSecondaryIndex gsi(TableSpec.GlobalIndex gsi) {
        return GlobalSecondaryIndex.builder()
                .indexName(gsi.name())
                .keySchema(keySchema(gsi.partitionKey(), gsi.sortKey()))
                .projection(p -> p.projectionType(projection(gsi.projection())))
                .build();
    }

    private static LocalSecondaryIndex lsi(TableSpec table, TableSpec.LocalIndex lsi) {
        return LocalSecondaryIndex.builder()
                .indexName(lsi.name())
                .keySchema(keySchema(table.partitionKey(), Optional.of(lsi.sortKey())))
                .projection(p -> p.projectionType(projection(lsi.projection())))
                .build();
    }

    private static ProjectionType projection(TableSpec.Projection projection) {
        return ProjectionType.fromValue(projection.name());
    }

    // --- comparing attribute values ---------------------------------------------------------

    private static boolean sameAttributeValue(QueueAttributeName attribute, String desired, String actual) {
        if (actual == null) {
            return false;
        }
        return switch (attribute) {
            case POLICY, REDRIVE_POLICY -> sameJson(desired, actual);
            default -> desired.equals(actual);
        };
    }

    private static boolean sameSubscriptionValue(String attribute, String desired, String actual) {
        if (!present(actual)) {
            return "FilterPolicyScope".equals(attribute) && "MessageAttributes".equals(desired);
        }
        return "FilterPolicy".equals(attribute) ? sameJson(desired, actual) : desired.equalsIgnoreCase(actual);
    }

    /** Equal as JSON, with numbers compared by value: SQS hands maxReceiveCount back as a string. */
    static boolean sameJson(String a, String b) {
        return Objects.equals(normalize(JSON.readTree(a)), normalize(JSON.readTree(b)));
    }

    private static Object normalize(JsonNode node) {
        if (node.isObject()) {
            var map = new TreeMap<String, Object>();
            node.properties().forEach(e -> map.put(e.getKey(), normalize(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            var list = new java.util.ArrayList<Object>();
            node.forEach(item -> list.add(normalize(item)));
            return list;
        }
        return node.asString();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String compactJson(String json) {
        return JSON.readTree(json).toString();
    }

    private static String seconds(Duration duration) {
        return Long.toString(duration.toSeconds());
    }
}

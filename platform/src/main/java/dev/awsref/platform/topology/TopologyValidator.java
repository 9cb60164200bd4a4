package dev.awsref.platform.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules a topology must keep, checked before any API call. Some of them AWS enforces with a
 * less helpful error; some (a FIFO queue with a standard dead-letter queue) an emulator accepts
 * and then behaves unlike AWS, which is worse.
 */
final class TopologyValidator {

    private static final Pattern QUEUE_OR_TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.fifo)?");
    /**
     * A queue name's length, the {@code .fifo} suffix included
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-fifo.html).
     */
    private static final int MAX_QUEUE_NAME = 80;
    /**
     * A topic name's length, the {@code .fifo} suffix included
     * (https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/sns/aws.sdk.kotlin.services.sns.model/-create-topic-request/name.html).
     */
    private static final int MAX_TOPIC_NAME = 256;

    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Pattern STREAM_OR_TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3,128}");
    private static final Duration MAX_VISIBILITY = Duration.ofHours(12);
    private static final Duration MIN_RETENTION = Duration.ofSeconds(60);
    private static final Duration MAX_RETENTION = Duration.ofDays(14);
    private static final Duration MAX_RECEIVE_WAIT = Duration.ofSeconds(20);
    private static final Duration MIN_STREAM_RETENTION = Duration.ofHours(24);
    private static final Duration MAX_STREAM_RETENTION = Duration.ofDays(365);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Each attempt at a poison record holds up its shard; a handful tells a fluke from a rule. */
    static final int MAX_POISON_ATTEMPTS = 20;

    private TopologyValidator() {}

    static void validate(
            List<TopicSpec> topics,
            List<QueueSpec> queues,
            List<SubscriptionSpec> subscriptions,
            List<BucketSpec> buckets,
            List<StreamSpec> streams,
            List<TableSpec> tables) {
        var problems = new ArrayList<String>();
        Map<String, TopicSpec> topicsByName = index(topics, TopicSpec::name, "topic", problems);
        Map<String, QueueSpec> queuesByName = index(queues, QueueSpec::name, "queue", problems);
        index(streams, StreamSpec::name, "stream", problems);
        index(tables, TableSpec::name, "table", problems);
        index(buckets, BucketSpec::name, "bucket", problems);

        topics.forEach(topic -> checkTopic(topic, problems));
        queues.forEach(queue -> checkQueue(queue, queuesByName, problems));
        subscriptions.forEach(s -> checkSubscription(s, topicsByName, queuesByName, problems));
        buckets.forEach(b -> checkBucket(b, queuesByName, problems));
        streams.forEach(stream -> checkStream(stream, queuesByName, problems));
        tables.forEach(table -> checkTable(table, problems));

        if (!problems.isEmpty()) {
            throw new InvalidTopologyException(problems);
        }
    }

    private static void checkTopic(TopicSpec topic, List<String> problems) {
        String where = "topic '" + topic.name() + "'";
        if (!QUEUE_OR_TOPIC_NAME.matcher(topic.name()).matches() || topic.name().length() > MAX_TOPIC_NAME) {
            problems.add(where + ": name must be letters, digits, '-' or '_' (and '.fifo' for FIFO), at most "
                    + MAX_TOPIC_NAME + " characters with the suffix");
        }
        if (topic.fifo() != topic.name().endsWith(".fifo")) {
            problems.add(where + ": a FIFO topic's name must end in '.fifo', and only a FIFO topic's may");
        }
    }

    private static void checkQueue(QueueSpec queue, Map<String, QueueSpec> queuesByName, List<String> problems) {
        String where = "queue '" + queue.name() + "'";
        if (!QUEUE_OR_TOPIC_NAME.matcher(queue.name()).matches() || queue.name().length() > MAX_QUEUE_NAME) {
            problems.add(where + ": name must be letters, digits, '-' or '_' (and '.fifo' for FIFO), at most "
                    + MAX_QUEUE_NAME + " characters with the suffix");
        }
        if (queue.fifo() != queue.name().endsWith(".fifo")) {
            problems.add(where + ": a FIFO queue's name must end in '.fifo', and only a FIFO queue's may");
        }
        if (queue.visibilityTimeout().isNegative() || queue.visibilityTimeout().compareTo(MAX_VISIBILITY) > 0) {
            problems.add(where + ": visibility timeout must be between 0 s and 12 h, was " + queue.visibilityTimeout());
        }
        if (queue.retention().compareTo(MIN_RETENTION) < 0 || queue.retention().compareTo(MAX_RETENTION) > 0) {
            problems.add(where + ": retention must be between 60 s and 14 days, was " + queue.retention());
        }
        if (queue.receiveWait().isNegative() || queue.receiveWait().compareTo(MAX_RECEIVE_WAIT) > 0) {
            problems.add(
                    where + ": receive wait (long polling) must be between 0 and 20 s, was " + queue.receiveWait());
        }
        queue.deadLetter().ifPresent(dl -> {
            if (dl.maxReceiveCount() < 1 || dl.maxReceiveCount() > 1000) {
                problems.add(where + ": maxReceiveCount must be between 1 and 1000, was " + dl.maxReceiveCount());
            }
            QueueSpec target = queuesByName.get(dl.queueName());
            if (target == null) {
                problems.add(where + ": dead-letter queue '" + dl.queueName() + "' is not in the topology");
                return;
            }
            if (target.fifo() != queue.fifo()) {
                problems.add(where + ": is " + kind(queue.fifo()) + " but its dead-letter queue '" + target.name()
                        + "' is " + kind(target.fifo()) + "; a dead-letter queue must be of the same type");
            }
            if (!target.isDeadLetterQueue()) {
                problems.add(where + ": dead-letter queue '" + target.name()
                        + "' has a dead-letter queue of its own; chains of DLQs hide failures");
            }
            if (target.retention().compareTo(queue.retention()) < 0) {
                problems.add(where + ": dead-letter queue '" + target.name() + "' keeps messages "
                        + target.retention() + ", shorter than the source's " + queue.retention()
                        + "; moved messages keep their enqueue time and would expire early");
            }
        });
    }

    private static void checkSubscription(
            SubscriptionSpec s,
            Map<String, TopicSpec> topicsByName,
            Map<String, QueueSpec> queuesByName,
            List<String> problems) {
        String where = "subscription '" + s.topic() + "' -> '" + s.queue() + "'";
        TopicSpec topic = topicsByName.get(s.topic());
        QueueSpec queue = queuesByName.get(s.queue());
        if (topic == null) {
            problems.add(where + ": topic '" + s.topic() + "' is not in the topology");
        }
        if (queue == null) {
            problems.add(where + ": queue '" + s.queue() + "' is not in the topology");
        }
        if (topic != null && queue != null && !topic.fifo() && queue.fifo()) {
            // No AWS page found on 2026-11-30 says what a standard topic does with a FIFO queue; SQS
            // requires a message group id on a FIFO queue
            // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html),
            // which only a FIFO topic is sure to give, so the model does not rely on the pairing.
            problems.add(where + ": a FIFO queue is fed only by a FIFO topic here, not by a standard topic");
        }
        if (topic != null && queue != null && topic.fifo() && !queue.fifo()) {
            // AWS accepts this pairing (https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html),
            // but the queue would drop the order and deduplication the topic was chosen for, so the
            // model refuses it.
            problems.add(where + ": a FIFO topic must feed a FIFO queue here; a standard queue loses its ordering");
        }
        s.filterPolicy().ifPresent(policy -> {
            try {
                if (!JSON.readTree(policy).isObject()) {
                    problems.add(where + ": filter policy must be a JSON object, was: " + policy);
                }
            } catch (JacksonException e) {
                problems.add(where + ": filter policy is not valid JSON (" + e.getOriginalMessage() + "): " + policy);
            }
        });
    }

    private static void checkBucket(BucketSpec bucket, Map<String, QueueSpec> queuesByName, List<String> problems) {
        QueueSpec queue = queuesByName.get(bucket.objectCreatedQueue());
        if (queue == null) {
            problems.add("bucket '" + bucket.name() + "': queue '" + bucket.objectCreatedQueue()
                    + "' is not in the topology");
        } else if (queue.fifo()) {
            problems.add("bucket '" + bucket.name() + "': S3 event notifications cannot target a FIFO queue");
        }
    }

    private static void checkStream(StreamSpec stream, Map<String, QueueSpec> queuesByName, List<String> problems) {
        String where = "stream '" + stream.name() + "'";
        stream.poisonRecords().ifPresent(poison -> checkPoisonRecords(where, stream, poison, queuesByName, problems));
        if (!STREAM_OR_TABLE_NAME.matcher(stream.name()).matches()) {
            problems.add(where + ": name must be 3-128 letters, digits, '-', '_' or '.'");
        }
        if (stream.shardCount() < 1) {
            problems.add(where + ": shard count must be at least 1, was " + stream.shardCount());
        }
        if (stream.retention().compareTo(MIN_STREAM_RETENTION) < 0
                || stream.retention().compareTo(MAX_STREAM_RETENTION) > 0) {
            problems.add(where + ": retention must be between 24 hours and 365 days, was " + stream.retention());
        }
    }

    /**
     * The stream's dead-letter queue: standard (records of every shard and key land there, and
     * nothing in it needs an order), the end of the line (no DLQ of its own), kept for SQS's
     * maximum, and read by the stream's consumer, which replays it.
     */
    private static void checkPoisonRecords(
            String where,
            StreamSpec stream,
            StreamSpec.PoisonRecords poison,
            Map<String, QueueSpec> queuesByName,
            List<String> problems) {
        if (poison.maxAttempts() < 1 || poison.maxAttempts() > MAX_POISON_ATTEMPTS) {
            problems.add(where + ": a poison record's attempts must be between 1 and " + MAX_POISON_ATTEMPTS
                    + " (each one holds up its shard), was " + poison.maxAttempts());
        }
        QueueSpec target = queuesByName.get(poison.deadLetterQueue());
        if (target == null) {
            problems.add(where + ": dead-letter queue '" + poison.deadLetterQueue() + "' is not in the topology");
            return;
        }
        if (target.fifo()) {
            problems.add(where + ": dead-letter queue '" + target.name() + "' must be a standard queue");
        }
        if (!target.isDeadLetterQueue()) {
            problems.add(where + ": dead-letter queue '" + target.name()
                    + "' has a dead-letter queue of its own; chains of DLQs hide failures");
        }
        if (target.consumer() != stream.consumer()) {
            problems.add(where + ": dead-letter queue '" + target.name() + "' is read by "
                    + target.consumer().id() + ", but the stream's consumer "
                    + stream.consumer().id() + " replays it");
        }
        if (target.retention().compareTo(MAX_RETENTION) < 0) {
            problems.add(where + ": dead-letter queue '" + target.name() + "' keeps messages " + target.retention()
                    + "; a dead-lettered record exists nowhere else once the stream's retention passes, so keep"
                    + " it the maximum " + MAX_RETENTION);
        }
    }

    private static void checkTable(TableSpec table, List<String> problems) {
        String where = "table '" + table.name() + "'";
        if (!STREAM_OR_TABLE_NAME.matcher(table.name()).matches()) {
            problems.add(where + ": name must be 3-255 letters, digits, '-', '_' or '.'");
        }
        if (!table.localIndexes().isEmpty() && table.sortKey().isEmpty()) {
            problems.add(where + ": a local secondary index needs a table with a sort key");
        }
        if (table.localIndexes().size() > 5) {
            problems.add(where + ": at most 5 local secondary indexes, had "
                    + table.localIndexes().size());
        }
        var declared = new ArrayList<TableSpec.Key>();
        declared.add(table.partitionKey());
        table.sortKey().ifPresent(declared::add);
        table.globalIndexes().forEach(g -> {
            declared.add(g.partitionKey());
            g.sortKey().ifPresent(declared::add);
        });
        table.localIndexes().forEach(l -> declared.add(l.sortKey()));
        var typeByAttribute = new java.util.HashMap<String, TableSpec.KeyType>();
        for (var key : declared) {
            var earlier = typeByAttribute.putIfAbsent(key.attribute(), key.type());
            if (earlier != null && earlier != key.type()) {
                problems.add(where + ": attribute '" + key.attribute() + "' is declared both " + earlier + " and "
                        + key.type());
            }
        }
    }

    /**
     * The services: each declared once, on ports no other service uses, and every service that
     * owns, publishes to or consumes a resource declared (a resource owned by an undeclared service
     * would be created by the provisioner and then used by nothing that runs or deploys).
     */
    static void validateServices(
            List<TopicSpec> topics,
            List<QueueSpec> queues,
            List<StreamSpec> streams,
            List<TableSpec> tables,
            List<RuntimeTableSpec> runtimeTables,
            List<ServiceSpec> services) {
        var problems = new ArrayList<String>();
        index(services, ServiceSpec::id, "service", problems);
        var ports = new HashSet<Integer>();
        for (ServiceSpec service : services) {
            for (int port : List.of(service.httpPort(), service.managementPort())) {
                if (!ports.add(port)) {
                    problems.add(
                            "service '" + service.id() + "': port " + port + " is already used by another service");
                }
            }
        }
        var topicNames = topics.stream().map(TopicSpec::name).collect(Collectors.toSet());
        for (ServiceSpec service : services) {
            for (String topic : service.snsHttpsTopics()) {
                if (!topicNames.contains(topic)) {
                    problems.add(
                            "service '" + service.id() + "': HTTPS subscription to undeclared topic '" + topic + "'");
                } else if (topic.endsWith(".fifo")) {
                    // https://docs.aws.amazon.com/sns/latest/dg/fifo-message-delivery.html: FIFO topics deliver to SQS
                    // only
                    problems.add("service '" + service.id() + "': FIFO topic '" + topic
                            + "' cannot deliver to an HTTPS endpoint");
                }
            }
        }
        var declared = services.stream().map(ServiceSpec::name).collect(Collectors.toSet());
        var referenced = new java.util.LinkedHashSet<ServiceName>();
        topics.forEach(t -> t.publisher().ifPresent(referenced::add));
        queues.forEach(q -> referenced.add(q.consumer()));
        streams.forEach(s -> {
            referenced.add(s.producer());
            referenced.add(s.consumer());
        });
        tables.forEach(t -> referenced.add(t.owner()));
        runtimeTables.forEach(t -> referenced.add(t.owner()));
        if (!services.isEmpty()) {
            referenced.stream()
                    .filter(name -> !declared.contains(name))
                    .forEach(name -> problems.add("service '" + name.id() + "' uses resources but is not declared"));
        }
        var runtimePrefixes = new HashSet<String>();
        for (RuntimeTableSpec pattern : runtimeTables) {
            if (!runtimePrefixes.add(pattern.namePrefix())) {
                problems.add("runtime table pattern '" + pattern.namePrefix() + "*' is declared twice");
            }
            tables.stream()
                    .filter(table -> pattern.matches(table.name()))
                    .forEach(table -> problems.add("table '" + table.name()
                            + "' falls under the runtime table pattern '" + pattern.namePrefix()
                            + "*': provisioned and run-time tables must not share names"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidTopologyException(problems);
        }
    }

    /**
     * Grants to other accounts: a 12-digit account id, on a declared queue or topic. A dead-letter
     * queue takes only what SQS or SNS moves into it, so no other account may send there.
     */
    static void validateCrossAccountGrants(
            List<TopicSpec> topics, List<QueueSpec> queues, List<CrossAccountGrant> grants) {
        var problems = new ArrayList<String>();
        var topicNames = topics.stream().map(TopicSpec::name).collect(Collectors.toSet());
        Map<String, QueueSpec> queuesByName =
                queues.stream().collect(Collectors.toMap(QueueSpec::name, Function.identity(), (a, b) -> a));
        for (CrossAccountGrant grant : grants) {
            String where = "grant to account '" + grant.account() + "' on '" + grant.resource() + "'";
            if (!ACCOUNT_ID.matcher(grant.account()).matches()) {
                problems.add(where + ": an AWS account id is 12 digits");
            }
            switch (grant.access()) {
                case SEND_TO_QUEUE -> {
                    QueueSpec queue = queuesByName.get(grant.resource());
                    if (queue == null) {
                        problems.add(where + ": queue '" + grant.resource() + "' is not in the topology");
                    } else if (queue.isDeadLetterQueue()) {
                        problems.add(where + ": '" + grant.resource()
                                + "' is a dead-letter queue; only SQS and SNS move messages into it");
                    }
                }
                case SUBSCRIBE_TO_TOPIC -> {
                    if (!topicNames.contains(grant.resource())) {
                        problems.add(where + ": topic '" + grant.resource() + "' is not in the topology");
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidTopologyException(problems);
        }
    }

    private static <T> Map<String, T> index(
            List<T> items, Function<T, String> name, String kind, List<String> problems) {
        var seen = new HashSet<String>();
        for (T item : items) {
            if (!seen.add(name.apply(item))) {
                problems.add(kind + " '" + name.apply(item) + "' is declared twice");
            }
        }
        return items.stream().collect(Collectors.toMap(name, Function.identity(), (a, b) -> a));
    }

    private static String kind(boolean fifo) {
        return fifo ? "FIFO" : "standard";
    }
}

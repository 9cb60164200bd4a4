package dev.awsref.platform.topology;

import dev.awsref.platform.topology.QueueSpec.DeadLetter;
import dev.awsref.platform.topology.QueueSpec.Listener;
import dev.awsref.platform.topology.SubscriptionSpec.FilterPolicyScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every messaging and streaming resource of the system, declared once. The local provisioner, the
 * CDK app and the docs all read this model; nothing else declares resources. A topology is valid by
 * construction: the constructor rejects what AWS would reject later, or worse, accept and misbehave
 * with (a FIFO queue with a standard dead-letter queue, for one).
 */
public record Topology(
        List<TopicSpec> topics,
        List<QueueSpec> queues,
        List<SubscriptionSpec> subscriptions,
        List<BucketSpec> buckets,
        List<StreamSpec> streams,
        List<TableSpec> tables,
        List<RuntimeTableSpec> runtimeTables,
        List<ServiceSpec> services,
        List<CrossAccountGrant> crossAccountGrants) {

    public Topology {
        topics = List.copyOf(topics);
        queues = List.copyOf(queues);
        subscriptions = List.copyOf(subscriptions);
        buckets = List.copyOf(buckets);
        streams = List.copyOf(streams);
        tables = List.copyOf(tables);
        runtimeTables = List.copyOf(runtimeTables);
        services = List.copyOf(services);
        crossAccountGrants = List.copyOf(crossAccountGrants);
        TopologyValidator.validate(topics, queues, subscriptions, buckets, streams, tables);
        TopologyValidator.validateServices(topics, queues, streams, tables, runtimeTables, services);
        TopologyValidator.validateCrossAccountGrants(topics, queues, crossAccountGrants);
    }

    /** A topology without grants to other accounts (the reference has none). */
    public Topology(
            List<TopicSpec> topics,
            List<QueueSpec> queues,
            List<SubscriptionSpec> subscriptions,
            List<BucketSpec> buckets,
            List<StreamSpec> streams,
            List<TableSpec> tables,
            List<RuntimeTableSpec> runtimeTables,
            List<ServiceSpec> services) {
        this(topics, queues, subscriptions, buckets, streams, tables, runtimeTables, services, List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public TopicSpec topic(String name) {
        return find(topics, TopicSpec::name, name, "topic");
    }

    public QueueSpec queue(String name) {
        return find(queues, QueueSpec::name, name, "queue");
    }

    public StreamSpec stream(String name) {
        return find(streams, StreamSpec::name, name, "stream");
    }

    public TableSpec table(String name) {
        return find(tables, TableSpec::name, name, "table");
    }

    public ServiceSpec service(ServiceName name) {
        return find(services, ServiceSpec::id, name.id(), "service");
    }

    /** The service with this id ({@code order-service}), if the model declares one. */
    public Optional<ServiceSpec> findService(String id) {
        return services.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The ids of the declared services, in declaration order: for messages that list them. */
    public List<String> serviceIds() {
        return services.stream().map(ServiceSpec::id).toList();
    }

    /** The work queues (not their dead-letter queues) that a service consumes, in declaration order. */
    public List<QueueSpec> queuesConsumedBy(ServiceName service) {
        return queues.stream()
                .filter(q -> q.consumer() == service && !q.isDeadLetterQueue())
                .toList();
    }

    /**
     * The topics, queues, subscriptions and buckets alone: what a test of a service that uses no
     * stream or table provisions. Every Kinesis stream holds shards in a shared emulator that
     * limits them for all its users, so a test that needs none should create none.
     */
    public Topology messagingOnly() {
        return new Topology(
                topics, queues, subscriptions, buckets, List.of(), List.of(), List.of(), List.of(), crossAccountGrants);
    }

    /** Subscriptions that deliver into the given queue. */
    public List<SubscriptionSpec> subscriptionsInto(String queue) {
        return subscriptions.stream().filter(s -> s.queue().equals(queue)).toList();
    }

    /**
     * Where SNS parks a message it cannot deliver to the subscription's queue (the queue deleted,
     * its key or policy refusing SNS): the subscribed queue's own dead-letter queue, so a failed
     * delivery lands beside the messages the consumer failed, under the same alarm. It has the
     * topic's type, as AWS requires, because the queue has. Empty for a queue without a DLQ.
     */
    public Optional<String> subscriptionDeadLetterQueue(SubscriptionSpec subscription) {
        return queue(subscription.queue()).deadLetter().map(QueueSpec.DeadLetter::queueName);
    }

    /**
     * The topics SNS may send to the given queue for: those subscribed to it, and, for a
     * dead-letter queue, those whose subscriptions park failed deliveries in it.
     */
    public List<String> topicsSendingTo(String queue) {
        return subscriptions.stream()
                .filter(s -> s.queue().equals(queue)
                        || subscriptionDeadLetterQueue(s).filter(queue::equals).isPresent())
                .map(SubscriptionSpec::topic)
                .distinct()
                .toList();
    }

    /** The other accounts the model lets send to the given queue; none unless declared. */
    public List<String> accountsSendingTo(String queue) {
        return grantedAccounts(CrossAccountGrant.Access.SEND_TO_QUEUE, queue);
    }

    /** The other accounts the model lets subscribe a queue of theirs to the given topic. */
    public List<String> accountsSubscribingTo(String topic) {
        return grantedAccounts(CrossAccountGrant.Access.SUBSCRIBE_TO_TOPIC, topic);
    }

    private List<String> grantedAccounts(CrossAccountGrant.Access access, String resource) {
        return crossAccountGrants.stream()
                .filter(g -> g.access() == access && g.resource().equals(resource))
                .map(CrossAccountGrant::account)
                .distinct()
                .toList();
    }

    /** Buckets whose ObjectCreated events go to the given queue. */
    public List<BucketSpec> bucketsNotifying(String queue) {
        return buckets.stream()
                .filter(b -> b.objectCreatedQueue().equals(queue))
                .toList();
    }

    /** Queues in creation order: dead-letter queues first, because their ARN goes into the redrive policy. */
    public List<QueueSpec> queuesInCreationOrder() {
        var ordered = new ArrayList<QueueSpec>();
        queues.stream().filter(QueueSpec::isDeadLetterQueue).forEach(ordered::add);
        queues.stream().filter(q -> !q.isDeadLetterQueue()).forEach(ordered::add);
        return ordered;
    }

    private static <T> T find(List<T> items, Function<T, String> name, String wanted, String kind) {
        return items.stream()
                .filter(i -> name.apply(i).equals(wanted))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("no " + kind + " named '" + wanted + "' in the topology"));
    }

    /** Reads like the topology diagram: topics, the queues behind them, who subscribes to what. */
    public static final class Builder {
        private static final Duration DEFAULT_RETENTION = Duration.ofDays(4);
        private static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);
        private static final Duration LONG_POLL = Duration.ofSeconds(20);

        private final List<TopicSpec> topics = new ArrayList<>();
        private final List<QueueSpec> queues = new ArrayList<>();
        private final List<SubscriptionSpec> subscriptions = new ArrayList<>();
        private final List<BucketSpec> buckets = new ArrayList<>();
        private final List<StreamSpec> streams = new ArrayList<>();
        private final List<TableSpec> tables = new ArrayList<>();
        private final List<RuntimeTableSpec> runtimeTables = new ArrayList<>();
        private final List<ServiceSpec> services = new ArrayList<>();
        private final List<CrossAccountGrant> crossAccountGrants = new ArrayList<>();

        public Builder topic(TopicSpec topic) {
            topics.add(topic);
            return this;
        }

        public Builder queue(QueueSpec queue) {
            queues.add(queue);
            return this;
        }

        /**
         * A work queue and its dead-letter queue of the same type. The DLQ is named after the queue
         * ({@code x-dlq}, or {@code x-dlq.fifo}) and keeps messages for the maximum 14 days, longer
         * than the source queue: SQS keeps a message's original enqueue time when it moves it, so a
         * shorter DLQ retention would silently drop messages that were already old.
         */
        public Builder queueWithDeadLetter(
                String name, Duration visibilityTimeout, int maxReceiveCount, ServiceName consumer) {
            return queueWithDeadLetter(name, visibilityTimeout, maxReceiveCount, consumer, Listener.DEFAULT);
        }

        /** As above, with the listener settings the consumer receives with. */
        public Builder queueWithDeadLetter(
                String name, Duration visibilityTimeout, int maxReceiveCount, ServiceName consumer, Listener listener) {
            boolean fifo = name.endsWith(".fifo");
            String deadLetterName = fifo ? name.replace(".fifo", "-dlq.fifo") : name + "-dlq";
            queues.add(new QueueSpec(
                    deadLetterName,
                    fifo,
                    visibilityTimeout,
                    DEAD_LETTER_RETENTION,
                    LONG_POLL,
                    Optional.empty(),
                    consumer,
                    Listener.DEFAULT));
            queues.add(new QueueSpec(
                    name,
                    fifo,
                    visibilityTimeout,
                    DEFAULT_RETENTION,
                    LONG_POLL,
                    Optional.of(new DeadLetter(deadLetterName, maxReceiveCount)),
                    consumer,
                    listener));
            return this;
        }

        public Builder subscribe(String topic, String queue) {
            subscriptions.add(
                    new SubscriptionSpec(topic, queue, Optional.empty(), FilterPolicyScope.MessageAttributes, true));
            return this;
        }

        public Builder subscribeFiltered(String topic, String queue, FilterPolicyScope scope, String filterPolicy) {
            subscriptions.add(new SubscriptionSpec(topic, queue, Optional.of(filterPolicy), scope, true));
            return this;
        }

        public Builder subscription(SubscriptionSpec subscription) {
            subscriptions.add(subscription);
            return this;
        }

        public Builder bucket(BucketSpec bucket) {
            buckets.add(bucket);
            return this;
        }

        public Builder stream(StreamSpec stream) {
            streams.add(stream);
            return this;
        }

        /**
         * A stream whose consumer dead-letters a record it cannot apply after {@code maxAttempts}
         * attempts, and that record's queue: standard, named after the stream ({@code x-dlq}), kept
         * 14 days (the record is gone from the stream once its retention passes), read by the
         * stream's consumer to replay it.
         */
        public Builder streamWithDeadLetter(StreamSpec stream, int maxAttempts) {
            String deadLetterName = stream.name() + "-dlq";
            queues.add(new QueueSpec(
                    deadLetterName,
                    false,
                    Duration.ofSeconds(30),
                    DEAD_LETTER_RETENTION,
                    LONG_POLL,
                    Optional.empty(),
                    stream.consumer(),
                    Listener.DEFAULT));
            streams.add(stream.withPoisonRecords(deadLetterName, maxAttempts));
            return this;
        }

        public Builder table(TableSpec table) {
            tables.add(table);
            return this;
        }

        public Builder runtimeTable(RuntimeTableSpec pattern) {
            runtimeTables.add(pattern);
            return this;
        }

        public Builder service(ServiceSpec service) {
            services.add(service);
            return this;
        }

        /** Lets another account's principals send to {@code queue}, if their own policies allow it too. */
        public Builder allowAccountToSend(String account, String queue) {
            crossAccountGrants.add(new CrossAccountGrant(account, CrossAccountGrant.Access.SEND_TO_QUEUE, queue));
            return this;
        }

        /** Lets another account subscribe an SQS queue of its own to {@code topic}. */
        public Builder allowAccountToSubscribe(String account, String topic) {
            crossAccountGrants.add(new CrossAccountGrant(account, CrossAccountGrant.Access.SUBSCRIBE_TO_TOPIC, topic));
            return this;
        }

        public Topology build() {
            return new Topology(
                    topics,
                    queues,
                    subscriptions,
                    buckets,
                    streams,
                    tables,
                    runtimeTables,
                    services,
                    crossAccountGrants);
        }
    }
}

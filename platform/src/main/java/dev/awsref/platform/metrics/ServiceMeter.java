package dev.awsref.platform.metrics;

import dev.awsref.platform.topology.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The services' own meters, named once for the code that registers them (service-defaults'
 * {@code SystemMetric}, which adds Micrometer's types and the descriptions) and for the CDK app's
 * CloudWatch dashboard, which cannot see Micrometer. Each meter says its tag keys and who
 * registers it, so the dashboard can ask CloudWatch for exactly the metrics that Micrometer's
 * CloudWatch registry publishes: {@code CloudWatchMetricNamesTest} (service-defaults) captures a
 * real PutMetricData request and checks it against {@link #cloudWatchMetrics(String)}.
 */
public enum ServiceMeter {
    ORDERS_PLACED("orders.placed", Kind.COUNTER, ServiceName.ORDER),
    OUTBOX_PENDING("outbox.pending", Kind.GAUGE, ServiceName.ORDER),
    OUTBOX_OLDEST_PENDING_AGE("outbox.oldest.pending.age", Kind.GAUGE, ServiceName.ORDER),
    /** Registered by every service with an SQS listener (service-defaults' ListenerMeters). */
    SQS_LISTENER_MESSAGES("sqs.listener.messages", Kind.TIMER, null, "queue", "outcome"),
    /** Registered by every service with an SQS listener (service-defaults' DeadLetterPolicy). */
    SQS_LISTENER_FAILURES("sqs.listener.failures", Kind.COUNTER, null, "queue", "outcome"),
    /** Registered by every service with an SQS listener (service-defaults' QueueDepthGauges). */
    SQS_QUEUE_VISIBLE("sqs.queue.messages.visible", Kind.GAUGE, null, "queue", "role"),
    KINESIS_RECORDS_IN("kinesis.records.in", Kind.COUNTER, ServiceName.ANALYTICS, "stream", "shard"),
    KINESIS_RECORDS_OUT("kinesis.records.out", Kind.COUNTER, ServiceName.ANALYTICS, "application", "shard"),
    KINESIS_MILLIS_BEHIND_LATEST(
            "kinesis.millis.behind.latest", Kind.GAUGE, ServiceName.ANALYTICS, "application", "shard"),
    ORDER_CACHE_REQUESTS("order.cache.requests", Kind.COUNTER, ServiceName.ORDER, "cache", "engine", "result"),
    /** Registered by resilience4j-micrometer for each circuit breaker and each of its states. */
    CIRCUIT_BREAKER_STATE("resilience4j.circuitbreaker.state", Kind.GAUGE, ServiceName.ORDER, "name", "state");

    /**
     * The tag every service puts on every meter (management.metrics.tags.service, set by
     * service-defaults): in CloudWatch it is one more dimension of every metric.
     */
    public static final String SERVICE_TAG = "service";

    /** What Micrometer registers; the CloudWatch registry publishes each kind under its own suffixes. */
    public enum Kind {
        COUNTER(List.of("count")),
        GAUGE(List.of("value")),
        /** avg is published only in a step where the timer recorded something. */
        TIMER(List.of("sum", "count", "avg", "max"));

        private final List<String> cloudWatchSuffixes;

        Kind(List<String> cloudWatchSuffixes) {
            this.cloudWatchSuffixes = cloudWatchSuffixes;
        }
    }

    /**
     * A metric as CloudWatch stores it: a dashboard must name all its dimensions to find it. The
     * dimension names are kept sorted, as their order does not make another metric.
     */
    public record CloudWatchMetric(String namespace, String metricName, List<String> dimensions) {
        public CloudWatchMetric {
            dimensions = dimensions.stream().sorted().toList();
        }
    }

    private final String meterName;
    private final Kind kind;
    private final ServiceName registeredBy;
    private final List<String> tagKeys;

    ServiceMeter(String meterName, Kind kind, ServiceName registeredBy, String... tagKeys) {
        this.meterName = meterName;
        this.kind = kind;
        this.registeredBy = registeredBy;
        this.tagKeys = List.of(tagKeys);
    }

    public String meterName() {
        return meterName;
    }

    public Kind kind() {
        return kind;
    }

    /** The tag keys the service gives the meter, without {@link #SERVICE_TAG}. */
    public List<String> tagKeys() {
        return tagKeys;
    }

    /** The one service that registers it; empty when every service with an SQS listener does. */
    public Optional<ServiceName> registeredBy() {
        return Optional.ofNullable(registeredBy);
    }

    /** The CloudWatch metric name for one of the kind's suffixes, e.g. {@code orders.placed.count}. */
    public String cloudWatchName(String suffix) {
        if (!kind.cloudWatchSuffixes.contains(suffix)) {
            throw new IllegalArgumentException(meterName + " (" + kind + ") is not published with ." + suffix);
        }
        return meterName + "." + suffix;
    }

    /** Counters and timers: the metric that counts events ({@code <name>.count}). */
    public String countName() {
        return cloudWatchName("count");
    }

    /** Gauges: the metric of its value ({@code <name>.value}). */
    public String valueName() {
        return cloudWatchName("value");
    }

    /** The dimension names of every metric of this meter: the service tag, then its own tags. */
    public List<String> dimensions() {
        List<String> dimensions = new ArrayList<>();
        dimensions.add(SERVICE_TAG);
        dimensions.addAll(tagKeys);
        return List.copyOf(dimensions);
    }

    /** Every metric the CloudWatch registry publishes for this meter under the given namespace. */
    public List<CloudWatchMetric> cloudWatchMetrics(String namespace) {
        return kind.cloudWatchSuffixes.stream()
                .map(suffix -> new CloudWatchMetric(namespace, meterName + "." + suffix, dimensions()))
                .toList();
    }
}

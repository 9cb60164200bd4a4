package dev.awsref.defaults.metrics;

import dev.awsref.platform.metrics.ServiceMeter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusNamingConvention;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The meters the dashboards show, named once (in platform's {@link ServiceMeter}, which the CDK app
 * sees too). The services register them under {@link #meterName()} with {@link #tags(String...)};
 * the Grafana dashboard, the local Prometheus page and the CloudWatch dashboard use these names, and
 * {@code DashboardShowsOnlyExportedMetricsTest} checks every panel against {@link #prometheusNames()}.
 * docs/observability.md says what each one tells an operator.
 */
public enum SystemMetric {
    /** Orders committed (idempotent replays not counted), by order-service. */
    ORDERS_PLACED(ServiceMeter.ORDERS_PLACED, null, "orders committed, replays of an idempotency key not counted"),
    /** Outbox rows not yet accepted by SNS. */
    OUTBOX_PENDING(ServiceMeter.OUTBOX_PENDING, null, "outbox rows SNS has not accepted yet"),
    /** Seconds since the oldest pending outbox row was written; 0 when none is pending. */
    OUTBOX_OLDEST_PENDING_AGE(
            ServiceMeter.OUTBOX_OLDEST_PENDING_AGE, "seconds", "age of the oldest outbox row not yet published"),
    /** Every message an {@code @SqsListener} handled, by queue and outcome (success, failure). */
    SQS_LISTENER_MESSAGES(
            ServiceMeter.SQS_LISTENER_MESSAGES, null, "SQS messages handled by a listener, by queue and outcome"),
    /** What the listener policy did with a failed message (retried, dead-lettered, poison). */
    SQS_LISTENER_FAILURES(ServiceMeter.SQS_LISTENER_FAILURES, null, "failed SQS messages by what the policy did"),
    /** ApproximateNumberOfMessagesVisible of each consumed queue and its DLQ (tag role=queue|dlq). */
    SQS_QUEUE_VISIBLE(ServiceMeter.SQS_QUEUE_VISIBLE, null, "messages waiting on a consumed queue or its DLQ"),
    /** Records Kinesis accepted from the producer, by stream and shard. */
    KINESIS_RECORDS_IN(ServiceMeter.KINESIS_RECORDS_IN, null, "records Kinesis accepted, by shard"),
    /** Records the KCL processor handed over, by KCL application and shard. */
    KINESIS_RECORDS_OUT(ServiceMeter.KINESIS_RECORDS_OUT, null, "records the KCL processor received, by shard"),
    /** MillisBehindLatest of the last GetRecords of each shard: the iterator age. */
    KINESIS_MILLIS_BEHIND_LATEST(
            ServiceMeter.KINESIS_MILLIS_BEHIND_LATEST,
            null,
            "how far the KCL processor is behind the tip of each shard, in ms"),
    /** Single-order reads by cache outcome (result=hit|miss|error). */
    ORDER_CACHE_REQUESTS(ServiceMeter.ORDER_CACHE_REQUESTS, null, "single-order reads by cache outcome"),
    /** Registered by resilience4j-micrometer: 1 for the state a circuit breaker is in, by name and state. */
    CIRCUIT_BREAKER_STATE(ServiceMeter.CIRCUIT_BREAKER_STATE, null, "circuit-breaker state (1 = current state)");

    private static final PrometheusNamingConvention PROMETHEUS = new PrometheusNamingConvention();

    private final ServiceMeter names;
    private final String meterName;
    private final Meter.Type type;
    private final String baseUnit;
    private final String description;

    SystemMetric(ServiceMeter names, String baseUnit, String description) {
        this.names = names;
        this.meterName = names.meterName();
        this.type = switch (names.kind()) {
            case COUNTER -> Meter.Type.COUNTER;
            case GAUGE -> Meter.Type.GAUGE;
            case TIMER -> Meter.Type.TIMER;
        };
        this.baseUnit = baseUnit;
        this.description = description;
    }

    public String meterName() {
        return meterName;
    }

    /** Its name, tag keys and CloudWatch metrics, shared with the CDK app's dashboard. */
    public ServiceMeter names() {
        return names;
    }

    /**
     * The meter's tags: the model's keys ({@link ServiceMeter#tagKeys()}, in their order) with these
     * values. The code that registers a meter takes its keys from here rather than spelling them,
     * so the dimensions the CloudWatch dashboard asks for are the ones the meter has.
     *
     * @throws IllegalArgumentException when the values are not one per key
     */
    public Tags tags(String... values) {
        List<String> keys = names.tagKeys();
        if (values.length != keys.size()) {
            throw new IllegalArgumentException(meterName + " is tagged " + keys + ", so it takes " + keys.size()
                    + " values, not " + values.length);
        }
        Tags tags = Tags.empty();
        for (int i = 0; i < values.length; i++) {
            tags = tags.and(keys.get(i), values[i]);
        }
        return tags;
    }

    public Meter.Type type() {
        return type;
    }

    public String baseUnit() {
        return baseUnit;
    }

    public String description() {
        return description;
    }

    /** The series Prometheus stores for this meter (a timer is several: count, sum, max). */
    public List<String> prometheusSeries() {
        // The convention gives the base name with its unit; the exposition format adds the suffixes.
        String base = PROMETHEUS.name(meterName, type, baseUnit);
        return switch (type) {
            case COUNTER -> List.of(base.endsWith("_total") ? base : base + "_total");
            case TIMER -> List.of(base + "_count", base + "_sum", base + "_max");
            default -> List.of(base);
        };
    }

    /** Every series name the services export for the dashboards. */
    public static Set<String> prometheusNames() {
        return Arrays.stream(values())
                .flatMap(m -> m.prometheusSeries().stream())
                .collect(Collectors.toUnmodifiableSet());
    }
}

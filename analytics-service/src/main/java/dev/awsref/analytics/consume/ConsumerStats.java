package dev.awsref.analytics.consume;

import dev.awsref.defaults.metrics.SystemMetric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Records each shard delivered to one KCL application, with metrics tagged by application. */
public final class ConsumerStats {

    private final Map<String, AtomicLong> perShard = new ConcurrentHashMap<>();
    private final Map<String, Counter> recordsOut = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> behind = new ConcurrentHashMap<>();
    private final Map<String, Gauge> behindGauges = new ConcurrentHashMap<>();
    private final io.micrometer.core.instrument.Counter records;
    private final io.micrometer.core.instrument.Counter duplicates;
    private final io.micrometer.core.instrument.Counter applied;
    private final io.micrometer.core.instrument.Counter producerDuplicates;
    private final Map<String, io.micrometer.core.instrument.Counter> deadLettered = new ConcurrentHashMap<>();
    private final AtomicLong deadLetteredTotal = new AtomicLong();
    private final String application;
    private final MeterRegistry meters;

    ConsumerStats(String application, MeterRegistry meters) {
        this.application = application;
        this.meters = meters;
        this.records = meters.counter("analytics.consumer.records", "application", application);
        this.duplicates = meters.counter("analytics.consumer.records.duplicate", "application", application);
        this.applied = meters.counter("analytics.consumer.records.applied", "application", application);
        this.producerDuplicates = meters.counter("analytics.consumer.events.duplicate", "application", application);
    }

    void processed(String shardId, int count) {
        perShard.computeIfAbsent(shardId, s -> new AtomicLong()).addAndGet(count);
        records.increment(count);
        recordsOut
                .computeIfAbsent(
                        shardId,
                        s -> Counter.builder(SystemMetric.KINESIS_RECORDS_OUT.meterName())
                                .description(SystemMetric.KINESIS_RECORDS_OUT.description())
                                .tags(SystemMetric.KINESIS_RECORDS_OUT.tags(application, s))
                                .register(meters))
                .increment(count);
    }

    /**
     * The MillisBehindLatest that came with a shard's last GetRecords (null from enhanced fan-out
     * before its first event): the gauge {@code kinesis.millis.behind.latest}, the same figure as
     * CloudWatch's GetRecords.IteratorAgeMilliseconds but per shard and per KCL application.
     */
    void behindLatest(String shardId, Long millis) {
        if (millis == null) {
            return;
        }
        behind.computeIfAbsent(shardId, s -> {
                    var value = new AtomicLong();
                    behindGauges.put(
                            s,
                            Gauge.builder(SystemMetric.KINESIS_MILLIS_BEHIND_LATEST.meterName(), value, AtomicLong::get)
                                    .description(SystemMetric.KINESIS_MILLIS_BEHIND_LATEST.description())
                                    .tags(SystemMetric.KINESIS_MILLIS_BEHIND_LATEST.tags(application, s))
                                    .register(meters));
                    return value;
                })
                .set(millis);
    }

    /** The shard ended or its lease moved: its iterator age is no longer this worker's to report. */
    void stoppedProcessing(String shardId) {
        behind.remove(shardId);
        Gauge gauge = behindGauges.remove(shardId);
        if (gauge != null) {
            meters.remove(gauge);
        }
    }

    /** The last MillisBehindLatest of each shard this worker processes. */
    public Map<String, Long> behindLatest() {
        var copy = new TreeMap<String, Long>();
        behind.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** A record applied before (a redelivery after a restart or lease move, or a replay). */
    void duplicate(String shardId) {
        duplicates.increment();
    }

    /** A record carrying an event another record already carried (a producer retry). */
    void producerDuplicate(String shardId) {
        producerDuplicates.increment();
    }

    /** A record stored in the aggregates for the first time. */
    void applied() {
        applied.increment();
    }

    /**
     * A record given up on and sent to the dead letters, by reason ({@code undecodable},
     * {@code unknown-type}, {@code invalid-contract}, {@code cannot-apply}): the metric
     * {@code analytics.consumer.records.deadlettered}.
     */
    void deadLettered(String reason) {
        deadLettered
                .computeIfAbsent(
                        reason,
                        r -> meters.counter(
                                "analytics.consumer.records.deadlettered", "application", application, "reason", r))
                .increment();
        deadLetteredTotal.incrementAndGet();
    }

    public long deadLetteredTotal() {
        return deadLetteredTotal.get();
    }

    public long total() {
        return perShard.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public Map<String, Long> perShard() {
        var copy = new TreeMap<String, Long>();
        perShard.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}

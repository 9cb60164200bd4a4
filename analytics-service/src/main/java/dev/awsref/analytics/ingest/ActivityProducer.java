package dev.awsref.analytics.ingest;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.defaults.metrics.SystemMetric;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The batching Kinesis producer: callers {@link #offer} records keyed by user id; a flusher thread
 * sends them with PutRecords, full batches at once and partial ones after a short linger, up to
 * {@code maxInFlight} calls at a time, and puts failed entries back for a retry with backoff (see
 * {@link ProducerBuffer} for the ordering rule). Its client has the SDK's retries off (see
 * {@code AwsAsyncClients}): a call that fails as a whole (throttled, network) and the entries a
 * successful call reports as failed are both retried here, with the SDK's backoff strategy.
 */
public class ActivityProducer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActivityProducer.class);

    private final KinesisAsyncClient kinesis;
    private final String streamName;
    private final AnalyticsProperties.Producer settings;
    private final ProducerBuffer buffer;
    private final Semaphore inFlight;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, AtomicLong> sentPerShard = new ConcurrentHashMap<>();
    private final Thread flusher;
    private volatile boolean running = true;

    private final MeterRegistry meters;
    /** {@code kinesis.records.in} by shard: where PutRecords placed each accepted record. */
    private final Map<String, Counter> recordsInPerShard = new ConcurrentHashMap<>();

    private final Counter recordsIn;
    private final Counter recordsSent;
    private final Counter recordsFailed;
    private final Counter recordsRetried;
    private final Counter recordsDropped;
    private final Counter recordsRejected;
    private final DistributionSummary batchSize;

    public ActivityProducer(
            KinesisAsyncClient kinesis,
            String streamName,
            AnalyticsProperties.Producer settings,
            MeterRegistry meters) {
        this.kinesis = kinesis;
        this.streamName = streamName;
        this.settings = settings;
        this.meters = meters;
        this.buffer = new ProducerBuffer(
                settings.bufferCapacity(),
                settings.bufferBytes(),
                settings.linger().toNanos(),
                settings.maxAttempts(),
                BackoffStrategy.exponentialDelayHalfJitter(settings.baseBackoff(), settings.maxBackoff()));
        this.inFlight = new Semaphore(settings.maxInFlight());
        var tags = List.of(io.micrometer.core.instrument.Tag.of("stream", streamName));
        this.recordsIn = meters.counter("analytics.producer.records.in", tags);
        this.recordsSent = meters.counter("analytics.producer.records.sent", tags);
        this.recordsFailed = meters.counter("analytics.producer.records.failed", tags);
        this.recordsRetried = meters.counter("analytics.producer.records.retried", tags);
        this.recordsDropped = meters.counter("analytics.producer.records.dropped", tags);
        this.recordsRejected = meters.counter("analytics.producer.records.rejected", tags);
        this.batchSize = DistributionSummary.builder("analytics.producer.batch.size")
                .tags(tags)
                .baseUnit("records")
                .register(meters);
        meters.gauge("analytics.producer.backlog", tags, buffer, ProducerBuffer::size);
        meters.gauge("analytics.producer.backlog.bytes", tags, buffer, ProducerBuffer::bytes);
        this.flusher = Thread.ofPlatform()
                .name("kinesis-producer-" + streamName)
                .daemon()
                .start(this::flushLoop);
    }

    /** A record for the stream: the partition key is the user id, so a user's records share a shard. */
    public record Entry(String partitionKey, byte[] data) {}

    /**
     * Buffers all entries or none.
     *
     * @return false when the buffer is full: the caller should ask its client to come back later
     */
    public boolean offer(List<Entry> entries) {
        long now = System.nanoTime();
        var pending = entries.stream()
                .map(e -> new ProducerBuffer.Pending(e.partitionKey(), SdkBytes.fromByteArray(e.data()), now))
                .toList();
        if (!running || !buffer.offer(pending)) {
            recordsRejected.increment(entries.size());
            return false;
        }
        recordsIn.increment(entries.size());
        signal();
        return true;
    }

    public int backlog() {
        return buffer.size();
    }

    /** Bytes buffered, data plus partition keys. */
    public long backlogBytes() {
        return buffer.bytes();
    }

    /** Records each shard accepted from this producer since start: a hot partition key shows here. */
    public Map<String, Long> sentPerShard() {
        var copy = new java.util.TreeMap<String, Long>();
        sentPerShard.forEach((shard, count) -> copy.put(shard, count.get()));
        return copy;
    }

    /** Waits until every buffered record is in (or dropped); false on timeout. */
    public boolean awaitDrained(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (buffer.size() > 0 || inFlight.availablePermits() < settings.maxInFlight()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void flushLoop() {
        while (running || buffer.size() > 0) {
            try {
                inFlight.acquire();
                ProducerBuffer.Batch batch = buffer.nextBatch(System.nanoTime());
                if (batch == null) {
                    inFlight.release();
                    awaitWork();
                    continue;
                }
                send(batch);
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (RuntimeException e) {
                log.error("producer flush loop failed; continuing", e);
            }
        }
    }

    private void awaitWork() throws InterruptedException {
        long wait = buffer.nanosUntilNextDue(System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200));
        if (wait <= 0) {
            // Something is due but every key with a due head is in flight: wait for a completion.
            wait = TimeUnit.MILLISECONDS.toNanos(1);
        }
        lock.lock();
        try {
            changed.awaitNanos(wait);
        } finally {
            lock.unlock();
        }
    }

    private void send(ProducerBuffer.Batch batch) {
        batchSize.record(batch.records().size());
        kinesis.putRecords(b -> b.streamName(streamName).records(batch.entries()))
                .whenComplete((response, error) -> {
                    try {
                        long now = System.nanoTime();
                        ProducerBuffer.Outcome outcome;
                        if (error != null) {
                            log.warn(
                                    "PutRecords of {} records to {} failed: {}; retrying them",
                                    batch.records().size(),
                                    streamName,
                                    error.toString());
                            outcome = buffer.fail(batch, rootCause(error), now);
                        } else {
                            outcome = buffer.complete(batch, response, now);
                        }
                        account(outcome);
                    } finally {
                        inFlight.release();
                        signal();
                    }
                });
    }

    private void account(ProducerBuffer.Outcome outcome) {
        recordsSent.increment(outcome.sent());
        recordsFailed.increment(outcome.failed());
        recordsRetried.increment(outcome.retried());
        recordsDropped.increment(outcome.dropped());
        outcome.sentPerShard().forEach((shard, n) -> {
            sentPerShard.computeIfAbsent(shard, s -> new AtomicLong()).addAndGet(n);
            recordsInPerShard
                    .computeIfAbsent(
                            shard,
                            s -> Counter.builder(SystemMetric.KINESIS_RECORDS_IN.meterName())
                                    .description(SystemMetric.KINESIS_RECORDS_IN.description())
                                    .tags(SystemMetric.KINESIS_RECORDS_IN.tags(streamName, s))
                                    .register(meters))
                    .increment(n);
        });
        if (outcome.dropped() > 0) {
            log.error(
                    "dropped {} records after {} attempts each: {}",
                    outcome.dropped(),
                    settings.maxAttempts(),
                    outcome.failedPerCode());
        }
    }

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }

    /** Stops taking records, sends what is buffered (up to the drain timeout), then stops. */
    @Override
    public void close() {
        running = false;
        try {
            if (!awaitDrained(settings.drainTimeout())) {
                log.warn("producer stopped with {} records not sent", buffer.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flusher.interrupt();
    }
}

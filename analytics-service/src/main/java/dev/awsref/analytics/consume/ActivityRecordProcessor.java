package dev.awsref.analytics.consume;

import dev.awsref.analytics.aggregate.AppliedActivity;
import dev.awsref.analytics.aggregate.DailyActivityTable;
import dev.awsref.analytics.aggregate.RedisAggregates;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventContractException;
import dev.awsref.platform.events.UserActivity;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * One shard's records into the aggregates, then a checkpoint. A batch is split by partition key:
 * each user's records are applied in stream order, different users in parallel. Only after every
 * record of the batch is stored does the processor checkpoint, so a crash repeats records and never
 * skips them; the stores ignore a record they have seen (sequence number), so repeating is harmless.
 */
final class ActivityRecordProcessor implements ShardRecordProcessor {

    private static final Logger log = LoggerFactory.getLogger(ActivityRecordProcessor.class);
    private static final Duration INITIAL_RETRY_WAIT = Duration.ofMillis(100);
    private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(5);
    private static final double RETRY_RANDOMIZATION = 0.5;

    private final EventCodec codec = new EventCodec();
    private final RedisAggregates redis;
    private final DailyActivityTable daily;
    private final ExecutorService workers;
    private final ConsumerStats stats;
    private final Retry storeRetry = storeRetry();
    private String shardId;

    ActivityRecordProcessor(
            RedisAggregates redis, DailyActivityTable daily, ExecutorService workers, ConsumerStats stats) {
        this.redis = redis;
        this.daily = daily;
        this.workers = workers;
        this.stats = stats;
    }

    @Override
    public void initialize(InitializationInput input) {
        this.shardId = input.shardId();
        log.info("processing {} from {}", shardId, input.extendedSequenceNumber());
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        List<KinesisClientRecord> records = input.records();
        if (records.isEmpty()) {
            return;
        }
        var byUser = new LinkedHashMap<String, List<AppliedActivity>>();
        for (KinesisClientRecord record : records) {
            AppliedActivity activity = decode(record);
            if (activity != null) {
                byUser.computeIfAbsent(record.partitionKey(), k -> new ArrayList<>())
                        .add(activity);
            }
        }
        applyUntilStored(byUser.values());
        stats.processed(shardId, records.size());
        KinesisClientRecord last = records.getLast();
        checkpoint(input.checkpointer(), last.sequenceNumber(), last.subSequenceNumber());
    }

    private AppliedActivity decode(KinesisClientRecord record) {
        byte[] bytes = new byte[record.data().remaining()];
        record.data().get(bytes);
        try {
            var envelope = codec.fromJson(new String(bytes, StandardCharsets.UTF_8), UserActivity.class);
            return new AppliedActivity(envelope.id(), envelope.data(), shardId, record.sequenceNumber());
        } catch (EventContractException poison) {
            // Retrying cannot fix a record; skipping it keeps the shard moving. It is counted.
            stats.poison(shardId);
            log.warn("skipping unreadable record {} on {}: {}", record.sequenceNumber(), shardId, poison.getMessage());
            return null;
        }
    }

    /**
     * KCL moves past a batch whose processRecords throws, so a store outage must not throw: the
     * batch is applied again (idempotently) with a growing, jittered pause until it is stored.
     */
    private void applyUntilStored(Collection<List<AppliedActivity>> users) {
        try {
            storeRetry.executeCallable(() -> {
                storeOnce(users);
                return null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing aggregates", e);
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                // Retry restores the flag and rethrows the last failure when its wait is interrupted.
                throw new IllegalStateException("interrupted while storing aggregates", e);
            }
            // Only after Integer.MAX_VALUE attempts; the processor must not checkpoint past the batch.
            throw new IllegalStateException("storing aggregates for " + shardId + " kept failing", e);
        }
    }

    private void storeOnce(Collection<List<AppliedActivity>> users) throws InterruptedException, ExecutionException {
        var futures = new ArrayList<Future<?>>();
        for (List<AppliedActivity> oneUser : users) {
            futures.add(workers.submit(() -> oneUser.forEach(this::apply)));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    private Retry storeRetry() {
        RetryConfig config = RetryConfig.custom()
                // Effectively "until stored": KCL would move past a batch that failed, so the
                // processor keeps trying (as the stores come back) rather than give up on one.
                .maxAttempts(Integer.MAX_VALUE)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        INITIAL_RETRY_WAIT, 2.0, RETRY_RANDOMIZATION, MAX_RETRY_WAIT))
                // Interruption means shutdown: stop at once and let applyUntilStored rethrow it.
                .retryOnException(e -> !(e instanceof InterruptedException))
                .failAfterMaxAttempts(true)
                .build();
        Retry retry = Retry.of("store-aggregates", config);
        retry.getEventPublisher()
                .onRetry(event -> log.warn(
                        "storing aggregates for {} failed (attempt {}), retrying in {} ms: {}",
                        shardId,
                        event.getNumberOfRetryAttempts(),
                        event.getWaitInterval().toMillis(),
                        String.valueOf(event.getLastThrowable())));
        return retry;
    }

    private void apply(AppliedActivity activity) {
        if (!redis.claimEvent(activity.eventId(), activity.shardId(), activity.sequenceNumber())) {
            stats.producerDuplicate(shardId); // the producer wrote this event twice: count it once
            return;
        }
        boolean inDynamo = daily == null || daily.apply(activity);
        boolean inRedis = redis.apply(activity);
        if (!inDynamo || !inRedis) {
            stats.duplicate(shardId);
        }
    }

    private void checkpoint(RecordProcessorCheckpointer checkpointer, String sequence, long subSequence) {
        try {
            checkpointer.checkpoint(sequence, subSequence);
        } catch (ShutdownException leaseGone) {
            log.info("lease of {} lost before checkpoint; the next owner repeats from the last one", shardId);
        } catch (Exception e) {
            // The next batch's checkpoint covers this one; the stores are idempotent.
            log.warn("checkpoint of {} at {} failed: {}", shardId, sequence, e.toString());
        }
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        log.info("lease of {} lost", shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        // Children start only once a parent's checkpoint is SHARD_END: this is what keeps a user's
        // order across a reshard.
        try {
            input.checkpointer().checkpoint();
            log.info("{} ended (resharded); checkpointed SHARD_END", shardId);
        } catch (Exception e) {
            log.warn("SHARD_END checkpoint of {} failed: {}", shardId, e.toString());
        }
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        try {
            input.checkpointer().checkpoint();
            log.info("{} checkpointed for a graceful shutdown", shardId);
        } catch (Exception e) {
            log.warn("shutdown checkpoint of {} failed: {}", shardId, e.toString());
        }
    }
}

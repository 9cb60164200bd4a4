package dev.awsref.analytics.consume;

import dev.awsref.analytics.aggregate.AppliedActivity;
import dev.awsref.analytics.aggregate.DailyActivityTable;
import dev.awsref.analytics.aggregate.RedisAggregates;
import dev.awsref.analytics.consume.PoisonRecordException.Reason;
import dev.awsref.analytics.limits.ActivityLimits;
import dev.awsref.defaults.tracing.TraceContexts;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventContractException;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.MalformedEventException;
import dev.awsref.platform.events.UserActivity;
import dev.awsref.platform.topology.ReferenceTopology;
import io.micrometer.tracing.Span;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * record of the batch is stored, or dead-lettered, does the processor checkpoint, so a crash repeats
 * records and never skips them; the stores ignore a record they have seen (sequence number), so
 * repeating is harmless. A record that can never be applied goes to the stream's dead-letter queue
 * ({@link PoisonRecordPolicy}) instead of holding up its shard.
 */
final class ActivityRecordProcessor implements ShardRecordProcessor {

    private static final Logger log = LoggerFactory.getLogger(ActivityRecordProcessor.class);

    private final EventCodec codec = new EventCodec();
    private final RedisAggregates redis;
    private final DailyActivityTable daily;
    private final ExecutorService workers;
    private final ConsumerStats stats;
    private final PoisonRecordPolicy poison;
    private final TraceContexts traces;
    private String shardId;

    ActivityRecordProcessor(
            RedisAggregates redis,
            DailyActivityTable daily,
            ExecutorService workers,
            ConsumerStats stats,
            PoisonRecordPolicy poison,
            TraceContexts traces) {
        this.traces = traces;
        this.redis = redis;
        this.daily = daily;
        this.workers = workers;
        this.stats = stats;
        this.poison = poison;
    }

    @Override
    public void initialize(InitializationInput input) {
        this.shardId = input.shardId();
        log.info("processing {} from {}", shardId, input.extendedSequenceNumber());
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        List<KinesisClientRecord> records = input.records();
        stats.behindLatest(shardId, input.millisBehindLatest());
        if (records.isEmpty()) {
            return;
        }
        var byUser = new LinkedHashMap<String, List<KinesisClientRecord>>();
        for (KinesisClientRecord record : records) {
            byUser.computeIfAbsent(record.partitionKey(), k -> new ArrayList<>())
                    .add(record);
        }
        storeAll(byUser.values());
        stats.processed(shardId, records.size());
        KinesisClientRecord last = records.getLast();
        checkpoint(input.checkpointer(), last.sequenceNumber(), last.subSequenceNumber());
    }

    /** Each user's records in order on a worker of their own; returns when every one is done. */
    private void storeAll(Collection<List<KinesisClientRecord>> users) {
        var futures = new ArrayList<Future<?>>();
        for (List<KinesisClientRecord> oneUser : users) {
            futures.add(workers.submit(() -> oneUser.forEach(this::store)));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing aggregates of " + shardId, e);
        } catch (ExecutionException e) {
            // Only on shutdown (PoisonRecordPolicy retries everything else): no checkpoint past it.
            throw new IllegalStateException("storing aggregates of " + shardId + " stopped", e.getCause());
        }
    }

    /**
     * Applies one record, or dead-letters it; either way it is done when this returns. All of it
     * runs in a consumer span whose parent is the producer's context from the record's envelope, so
     * the trace of the request that recorded the activity goes on into the stores. The record is
     * decoded and parsed once, before the span: its trace context and its event come from the same
     * parse (a record that is not UTF-8 text has neither, and is dead-lettered in a span of its own).
     */
    private void store(KinesisClientRecord record) {
        byte[] data = new byte[record.data().remaining()];
        record.data().get(data);
        Read read = Read.of(data, codec);
        Span span = traces.startChildOf(
                        read.traceContext(), "process " + ReferenceTopology.USER_ACTIVITY_STREAM, Span.Kind.CONSUMER)
                .tag("messaging.system", "aws_kinesis")
                .tag("messaging.destination.name", ReferenceTopology.USER_ACTIVITY_STREAM)
                .tag("messaging.kinesis.shard_id", shardId)
                .tag("messaging.message.id", record.sequenceNumber());
        try (var scope = traces.tracer().withSpan(span)) {
            storeInSpan(record, data, read);
        } catch (RuntimeException failed) {
            span.error(failed);
            throw failed;
        } finally {
            span.end();
        }
    }

    private void storeInSpan(KinesisClientRecord record, byte[] data, Read read) {
        var decoded = new AppliedActivity[1];
        poison.process(
                shardId,
                record,
                data,
                () -> {
                    decoded[0] = decode(record, read);
                    apply(decoded[0]);
                },
                () -> {
                    // A failed attempt may have claimed the event for this record; a replay puts it
                    // back under a new sequence number, which must be able to claim it.
                    if (decoded[0] != null) {
                        redis.releaseEvent(decoded[0].eventId(), shardId, record.sequenceNumber());
                    }
                });
    }

    /** The record's data read once: its JSON parsed, or why it is not text. */
    private record Read(EventCodec.Parsed json, CharacterCodingException notText) {

        static Read of(byte[] data, EventCodec codec) {
            try {
                String text = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(data))
                        .toString();
                return new Read(codec.parse(text), null);
            } catch (CharacterCodingException e) {
                return new Read(null, e);
            }
        }

        Map<String, String> traceContext() {
            return json == null ? Map.of() : json.traceContext();
        }
    }

    /** The record as an activity event the aggregates can hold, or a {@link PoisonRecordException}. */
    private AppliedActivity decode(KinesisClientRecord record, Read read) {
        if (read.notText() != null) {
            throw new PoisonRecordException(Reason.UNDECODABLE, "the record is not UTF-8 text", read.notText());
        }
        EventEnvelope<UserActivity> envelope;
        try {
            envelope = read.json().envelope(UserActivity.class);
        } catch (MalformedEventException e) {
            throw new PoisonRecordException(Reason.UNDECODABLE, e.getMessage(), e);
        } catch (EventContractException e) {
            throw new PoisonRecordException(Reason.UNKNOWN_TYPE, e.getMessage(), e);
        }
        UserActivity activity = envelope.data();
        ActivityLimits.check(activity).ifPresent(violation -> {
            throw new PoisonRecordException(
                    Reason.INVALID_CONTRACT, violation.field() + " " + violation.detail(), null);
        });
        if (!activity.userId().equals(record.partitionKey())) {
            // The shard, and so the order, is chosen by the key: a record keyed by another user
            // would be ordered with that user's records, not with its own.
            throw new PoisonRecordException(
                    Reason.INVALID_CONTRACT, "the partition key is not the event's userId", null);
        }
        return new AppliedActivity(envelope.id(), activity, shardId, record.sequenceNumber());
    }

    private void apply(AppliedActivity activity) {
        if (!redis.claimEvent(activity.eventId(), activity.shardId(), activity.sequenceNumber())) {
            stats.producerDuplicate(shardId); // the producer wrote this event twice: count it once
            return;
        }
        boolean inDynamo = daily == null || inChildSpan("dynamodb update daily-activity", () -> daily.apply(activity));
        boolean inRedis = inChildSpan("redis update aggregates", () -> redis.apply(activity));
        if (!inDynamo || !inRedis) {
            stats.duplicate(shardId);
        } else {
            stats.applied();
        }
    }

    /** A client span for one store's write, inside the record's span. */
    private boolean inChildSpan(String name, java.util.function.BooleanSupplier write) {
        Span span =
                traces.tracer().spanBuilder().name(name).kind(Span.Kind.CLIENT).start();
        try (var scope = traces.tracer().withSpan(span)) {
            return write.getAsBoolean();
        } catch (RuntimeException failed) {
            span.error(failed);
            throw failed;
        } finally {
            span.end();
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
        stats.stoppedProcessing(shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        stats.stoppedProcessing(shardId);
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

package dev.awsref.analytics.consume;

import dev.awsref.analytics.consume.PoisonRecordException.Reason;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * What happens to one record that fails, in two Resilience4j retries:
 *
 * <ul>
 *   <li>a failure of a store itself ({@link StoreFailures#isTransient}) is retried without limit,
 *       with a growing, jittered pause, and the processor does not checkpoint past the record
 *       meanwhile: Redis or DynamoDB being down must not cost a record;
 *   <li>a failure of the record is tried {@code maxAttempts} times (the model's {@code
 *       StreamSpec.PoisonRecords}); then, or at once for a record that cannot be read or checked
 *       ({@link PoisonRecordException}: the same bytes fail the same way), the record goes to the
 *       dead letters and the processor moves on. Sending the dead letter is itself a store call:
 *       while the queue cannot take it, the record is tried again, not skipped.
 * </ul>
 */
final class PoisonRecordPolicy {

    private static final Logger log = LoggerFactory.getLogger(PoisonRecordPolicy.class);

    /**
     * The largest record whose bytes travel inside its dead letter: base64 makes 4 bytes of 3, so
     * 192,000 bytes become 256,000 and the dead letter stays under 256 KiB. SQS now takes up to 1 MiB
     * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessage.html);
     * 256 KiB is the margin for a queue whose {@code MaximumMessageSize} is still the pre-2025
     * maximum. The API refuses larger events
     * ({@code analytics.ingest.max-record-bytes}), so only a record put past it can be larger; its
     * dead letter names its position and the replay reads it from the stream while it is retained.
     */
    static final int MAX_INLINE_DATA_BYTES = 192_000;

    private static final int MAX_DETAIL = 1000;

    /** What the processor does with one record; throws when it could not. */
    @FunctionalInterface
    interface RecordWork {
        void run() throws Exception;
    }

    private final String stream;
    private final int maxAttempts;
    private final DeadLetters deadLetters;
    private final ConsumerStats stats;
    private final Clock clock;
    private final Retry untilStored;
    private final Retry recordAttempts;

    PoisonRecordPolicy(
            String stream, int maxAttempts, Duration firstPause, DeadLetters deadLetters, ConsumerStats stats) {
        this.stream = stream;
        this.maxAttempts = maxAttempts;
        this.deadLetters = deadLetters;
        this.stats = stats;
        this.clock = Clock.systemUTC();
        this.untilStored = Retry.of(
                "store-aggregates",
                RetryConfig.custom()
                        // "Until stored": a store outage must not cost a record, and KCL would move
                        // past a batch whose processRecords threw.
                        .maxAttempts(Integer.MAX_VALUE)
                        .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                                firstPause, 2.0, 0.5, Duration.ofSeconds(5)))
                        // Interruption means shutdown: stop at once.
                        .retryOnException(e -> !(e instanceof InterruptedException) && !interrupted())
                        .build());
        this.recordAttempts = Retry.of(
                "record-attempts",
                RetryConfig.custom()
                        .maxAttempts(maxAttempts)
                        .intervalFunction(IntervalFunction.ofExponentialBackoff(firstPause, 2.0))
                        // Only failures of the record count as its attempts; a store failure goes
                        // straight to untilStored, and a certain poison straight to the dead letters.
                        .retryOnException(e -> !(e instanceof InterruptedException)
                                && !(e instanceof PoisonRecordException)
                                && !StoreFailures.isTransient(e))
                        .build());
        untilStored
                .getEventPublisher()
                .onRetry(event -> log.warn(
                        "a store failed (attempt {}), retrying the record in {} ms: {}",
                        event.getNumberOfRetryAttempts(),
                        event.getWaitInterval().toMillis(),
                        String.valueOf(event.getLastThrowable())));
    }

    /**
     * Runs {@code work} until it succeeds, or dead-letters the record. Returns when one of the two
     * is done; then the record may be checkpointed. {@code beforeDeadLetter} undoes what a failed
     * attempt left behind that would stop a replay of the record (the event's claim).
     */
    void process(String shardId, KinesisClientRecord record, byte[] data, RecordWork work, Runnable beforeDeadLetter) {
        try {
            untilStored.executeCallable(() -> {
                attempt(shardId, record, data, work, beforeDeadLetter);
                return null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing a record of " + shardId, e);
        } catch (Exception e) {
            // Only on interruption (shutdown): the processor must not checkpoint past this record.
            throw new IllegalStateException("record " + record.sequenceNumber() + " of " + shardId + " not stored", e);
        }
    }

    private void attempt(
            String shardId, KinesisClientRecord record, byte[] data, RecordWork work, Runnable beforeDeadLetter)
            throws Exception {
        try {
            recordAttempts.executeCallable(() -> {
                work.run();
                return null;
            });
        } catch (PoisonRecordException certain) {
            deadLetter(shardId, record, data, certain.reason(), certain.getMessage(), 1);
        } catch (Exception failure) {
            if (failure instanceof InterruptedException || StoreFailures.isTransient(failure) || interrupted()) {
                throw failure; // to untilStored: try the record again later
            }
            beforeDeadLetter.run();
            deadLetter(shardId, record, data, Reason.CANNOT_APPLY, String.valueOf(failure), maxAttempts);
        }
    }

    private void deadLetter(
            String shardId, KinesisClientRecord record, byte[] data, Reason reason, String detail, int attempts) {
        boolean inline = data.length <= MAX_INLINE_DATA_BYTES;
        String why = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
        deadLetters.send(new DeadLetter(
                stream,
                shardId,
                record.sequenceNumber(),
                record.subSequenceNumber(),
                record.partitionKey(),
                record.approximateArrivalTimestamp(),
                reason.tag(),
                inline ? why : why + " (record too large to carry; replay reads it from the stream)",
                attempts,
                clock.instant(),
                inline ? Base64.getEncoder().encodeToString(data) : null,
                data.length));
        stats.deadLettered(reason.tag());
        // The position and reason only: the record's bytes and key are the client's, not the log's.
        log.warn(
                "dead-lettered record {} of {} after {} attempt(s): {}",
                record.sequenceNumber(),
                shardId,
                attempts,
                reason.tag());
    }

    private static boolean interrupted() {
        return Thread.currentThread().isInterrupted();
    }
}

package dev.awsref.platform.topology;

import java.time.Duration;
import java.util.Optional;

/**
 * A Kinesis data stream in provisioned mode. Records with the same partition key go to the same
 * shard, which is what keeps one user's events in order.
 *
 * @param name logical name
 * @param shardCount open shards at creation; later changes are resharding, an operation, not
 *     provisioning
 * @param retention how long records stay readable for replay (24 hours to 365 days)
 * @param producer the service that puts records
 * @param consumer the service whose KCL application reads them
 * @param poisonRecords where the consumer puts a record it can never apply, so its shard moves on;
 *     empty for a stream whose consumer has no such policy
 */
public record StreamSpec(
        String name,
        int shardCount,
        Duration retention,
        ServiceName producer,
        ServiceName consumer,
        Optional<PoisonRecords> poisonRecords) {

    /** A stream without a poison-record policy. */
    public StreamSpec(String name, int shardCount, Duration retention, ServiceName producer, ServiceName consumer) {
        this(name, shardCount, retention, producer, consumer, Optional.empty());
    }

    /**
     * A Kinesis shard is read in order and a checkpoint cannot skip a record, so one record the
     * consumer can never apply would stop its shard until the retention drops it, with every record
     * behind it. After {@code maxAttempts} attempts the consumer sends such a record to {@code
     * deadLetterQueue} (a standard SQS queue of the model, read by the same consumer to replay it)
     * and checkpoints past it. Failures of the stores themselves (unreachable, throttled) are not
     * poison and are retried without limit.
     */
    public record PoisonRecords(String deadLetterQueue, int maxAttempts) {}

    /** This stream with a poison-record policy. */
    public StreamSpec withPoisonRecords(String deadLetterQueue, int maxAttempts) {
        return new StreamSpec(
                name,
                shardCount,
                retention,
                producer,
                consumer,
                Optional.of(new PoisonRecords(deadLetterQueue, maxAttempts)));
    }
}

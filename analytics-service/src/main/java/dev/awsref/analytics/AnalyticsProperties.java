package dev.awsref.analytics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything analytics-service can be told, with production defaults. The test profile shortens
 * the KCL timings (see docs/kinesis-partitioning.md); nothing here names an endpoint: those come from
 * {@code spring.cloud.aws.*.endpoint} or the SDK's own {@code AWS_ENDPOINT_URL*} variables.
 */
@ConfigurationProperties("analytics")
public record AnalyticsProperties(
        @DefaultValue Ingest ingest,
        @DefaultValue Producer producer,
        @DefaultValue Consumer consumer,
        @DefaultValue Aggregates aggregates,
        @DefaultValue OrderEvents orderEvents) {

    /**
     * @param maxBatch most events in one POST, as many as one PutRecords call takes
     * @param maxBodyBytes larger bodies are refused with 413 before they are parsed
     * @param ratePerClient events per second one client (X-Client-Id, else its address) may post
     * @param burstPerClient events a client may post at once before the rate applies
     * @param maxRecordBytes largest record one event may make, counted as Kinesis counts it (the
     *     envelope's bytes plus the partition key's UTF-8 bytes; Kinesis allows 1 MiB). The default
     *     keeps every record small enough to travel whole in a dead letter under 256 KiB (base64
     *     makes 4 bytes of 3), a margin below SQS's 1 MiB that also fits a queue still set to the
     *     pre-2025 256 KiB maximum
     */
    public record Ingest(
            @DefaultValue("500") int maxBatch,
            @DefaultValue("5242880") long maxBodyBytes,
            @DefaultValue("2000") double ratePerClient,
            @DefaultValue("4000") double burstPerClient,
            @DefaultValue("192000") int maxRecordBytes) {

        @ConstructorBinding
        public Ingest {
            if (maxRecordBytes < 1 || maxRecordBytes > KINESIS_MAX_RECORD_BYTES) {
                throw new IllegalArgumentException("analytics.ingest.max-record-bytes must be 1 to "
                        + KINESIS_MAX_RECORD_BYTES + " (Kinesis' record limit), was " + maxRecordBytes);
            }
        }

        /** With the default record limit. */
        public Ingest(int maxBatch, long maxBodyBytes, double ratePerClient, double burstPerClient) {
            this(maxBatch, maxBodyBytes, ratePerClient, burstPerClient, DEFAULT_MAX_RECORD_BYTES);
        }
    }

    /** Kinesis: data plus partition key of one record. */
    public static final int KINESIS_MAX_RECORD_BYTES = 1024 * 1024;

    public static final int DEFAULT_MAX_RECORD_BYTES = 192_000;

    public static final long DEFAULT_BUFFER_BYTES = 32L * 1024 * 1024;

    /**
     * @param bufferCapacity records held before the API answers 503
     * @param bufferBytes bytes held (data plus partition keys) before the API answers 503: the memory
     *     bound, since 10,000 records may be large
     * @param linger how long a record may wait for a fuller batch
     * @param maxInFlight PutRecords calls at once; a user's records are never in two at once
     * @param baseBackoff first retry delay; doubles per attempt, full jitter, capped by maxBackoff
     * @param maxAttempts attempts per record before it is dropped and counted as lost
     * @param drainTimeout how long shutdown waits for the buffer to empty
     */
    public record Producer(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10000") int bufferCapacity,
            @DefaultValue("50ms") Duration linger,
            @DefaultValue("4") int maxInFlight,
            @DefaultValue("100ms") Duration baseBackoff,
            @DefaultValue("5s") Duration maxBackoff,
            @DefaultValue("12") int maxAttempts,
            @DefaultValue("20s") Duration drainTimeout,
            @DefaultValue("33554432") long bufferBytes) {

        @ConstructorBinding
        public Producer {
            if (bufferBytes < KINESIS_MAX_RECORD_BYTES) {
                throw new IllegalArgumentException(
                        "analytics.producer.buffer-bytes must hold at least one full record (1 MiB), was "
                                + bufferBytes);
            }
        }

        /** With the default byte budget. */
        public Producer(
                boolean enabled,
                int bufferCapacity,
                Duration linger,
                int maxInFlight,
                Duration baseBackoff,
                Duration maxBackoff,
                int maxAttempts,
                Duration drainTimeout) {
            this(
                    enabled,
                    bufferCapacity,
                    linger,
                    maxInFlight,
                    baseBackoff,
                    maxBackoff,
                    maxAttempts,
                    drainTimeout,
                    DEFAULT_BUFFER_BYTES);
        }
    }

    /**
     * KCL settings; the defaults are KCL's own production values.
     *
     * @param poisonFirstPause the pause after a record's first failed attempt; it doubles per
     *     attempt (the attempts themselves are the model's, {@code StreamSpec.PoisonRecords})
     */
    public record Consumer(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("10000") long failoverTimeMillis,
            @DefaultValue("60000") long leaseAssignmentIntervalMillis,
            @DefaultValue("60000") long shardSyncIntervalMillis,
            @DefaultValue("30000") long workerMetricsCaptureMillis,
            @DefaultValue("30000") long workerMetricsReporterMillis,
            @DefaultValue("1000") long shardConsumerDispatchPollIntervalMillis,
            @DefaultValue("10000") long parentShardPollIntervalMillis,
            @DefaultValue("1000") long schedulerInitializationBackoffTimeMillis,
            @DefaultValue("500") long taskBackoffTimeMillis,
            @DefaultValue("1000") long idleTimeBetweenReadsMillis,
            @DefaultValue("10000") int maxRecords,
            @DefaultValue("SUMMARY") String metricsLevel,
            @DefaultValue("TRIM_HORIZON") String initialPosition,
            @DefaultValue("200ms") Duration poisonFirstPause) {}

    /**
     * @param activeWindow how far back "active users" looks
     * @param recentEvents events kept per user in the recent list
     * @param duplicateWindow how long an event id is remembered to skip a producer's duplicate
     */
    public record Aggregates(
            @DefaultValue("15m") Duration activeWindow,
            @DefaultValue("50") int recentEvents,
            @DefaultValue("1h") Duration duplicateWindow) {}

    public record OrderEvents(@DefaultValue("true") boolean enabled) {}
}

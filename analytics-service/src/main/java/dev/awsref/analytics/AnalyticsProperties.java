package dev.awsref.analytics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
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
     */
    public record Ingest(
            @DefaultValue("500") int maxBatch,
            @DefaultValue("5242880") long maxBodyBytes,
            @DefaultValue("2000") double ratePerClient,
            @DefaultValue("4000") double burstPerClient) {}

    /**
     * @param bufferCapacity records held before the API answers 503 (memory bound)
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
            @DefaultValue("20s") Duration drainTimeout) {}

    /** KCL settings; the defaults are KCL's own production values. */
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
            @DefaultValue("TRIM_HORIZON") String initialPosition) {}

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

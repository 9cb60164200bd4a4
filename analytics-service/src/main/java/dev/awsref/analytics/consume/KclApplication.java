package dev.awsref.analytics.consume;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.analytics.aggregate.DailyActivityTable;
import dev.awsref.analytics.aggregate.RedisAggregates;
import dev.awsref.defaults.tracing.TraceContexts;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener.WorkerState;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * One KCL 3 application reading the activity stream into one set of aggregates: the live consumer,
 * or a replay under another name (its own lease table, so its checkpoints never touch the live
 * one's). Every timing KCL has is a property; see {@link AnalyticsProperties.Consumer}.
 */
public final class KclApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KclApplication.class);

    private final String name;
    private final Scheduler scheduler;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ConsumerStats stats;
    private final Thread thread;
    private volatile WorkerState workerState = WorkerState.CREATED;
    private volatile Throwable initializationFailure;

    /**
     * @param from null for the configured initial position, else AT_TIMESTAMP from this instant
     * @param daily the DynamoDB table to update too, or null to leave it alone
     * @param poisonMaxAttempts attempts at a record a store refuses before it is dead-lettered
     * @param deadLetters where records it gives up on go
     * @param traces restores each record's producer context as the parent of its processing span
     */
    public KclApplication(
            String name,
            String stream,
            Instant from,
            RedisAggregates redis,
            DailyActivityTable daily,
            AnalyticsProperties.Consumer settings,
            KinesisAsyncClient kinesis,
            DynamoDbAsyncClient dynamo,
            CloudWatchAsyncClient cloudWatch,
            MeterRegistry meters,
            int poisonMaxAttempts,
            DeadLetters deadLetters,
            TraceContexts traces) {
        this.name = name;
        this.stats = new ConsumerStats(name, meters);
        var poison = new PoisonRecordPolicy(stream, poisonMaxAttempts, settings.poisonFirstPause(), deadLetters, stats);
        InitialPositionInStreamExtended position = from != null
                ? InitialPositionInStreamExtended.newInitialPositionAtTimestamp(Date.from(from))
                : InitialPositionInStreamExtended.newInitialPosition(
                        InitialPositionInStream.valueOf(settings.initialPosition()));
        if (position.getInitialPositionInStream() != InitialPositionInStream.LATEST) {
            LeaseBootstrap.createLeasesIfNone(
                    dynamo,
                    kinesis,
                    name,
                    stream,
                    position.getInitialPositionInStream().name());
        }
        String workerId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        var configs = new ConfigsBuilder(
                stream,
                name,
                kinesis,
                dynamo,
                cloudWatch,
                workerId,
                () -> new ActivityRecordProcessor(redis, daily, workers, stats, poison, traces));

        LeaseManagementConfig leases = configs.leaseManagementConfig()
                .initialPositionInStream(position)
                .failoverTimeMillis(settings.failoverTimeMillis())
                .leaseAssignmentIntervalMillis(settings.leaseAssignmentIntervalMillis())
                .shardSyncIntervalMillis(settings.shardSyncIntervalMillis());
        leases.workerUtilizationAwareAssignmentConfig()
                .inMemoryWorkerMetricsCaptureFrequencyMillis(settings.workerMetricsCaptureMillis())
                .workerMetricsReporterFreqInMillis(settings.workerMetricsReporterMillis());
        var polling = new PollingConfig(stream, kinesis)
                .idleTimeBetweenReadsInMillis(settings.idleTimeBetweenReadsMillis())
                .maxRecords(settings.maxRecords());
        this.scheduler = new Scheduler(
                configs.checkpointConfig(),
                configs.coordinatorConfig()
                        .shardConsumerDispatchPollIntervalMillis(settings.shardConsumerDispatchPollIntervalMillis())
                        .parentShardPollIntervalMillis(settings.parentShardPollIntervalMillis())
                        .schedulerInitializationBackoffTimeMillis(settings.schedulerInitializationBackoffTimeMillis())
                        .workerStateChangeListener(new StateTracker()),
                leases,
                configs.lifecycleConfig().taskBackoffTimeMillis(settings.taskBackoffTimeMillis()),
                configs.metricsConfig().metricsLevel(MetricsLevel.fromName(settings.metricsLevel())),
                configs.processorConfig(),
                configs.retrievalConfig()
                        .initialPositionInStreamExtended(position)
                        .retrievalSpecificConfig(polling));
        this.thread = Thread.ofPlatform().name("kcl-" + name).daemon().unstarted(scheduler);
    }

    public String name() {
        return name;
    }

    public ConsumerStats stats() {
        return stats;
    }

    /**
     * Where the KCL worker is: INITIALIZING while it checks its lease table and takes its first
     * leases, STARTED once its process loop runs (it then reads every shard it holds a lease on).
     */
    public WorkerState workerState() {
        return workerState;
    }

    /** Why KCL gave up initialising (all its attempts failed), or null. */
    public Throwable initializationFailure() {
        return initializationFailure;
    }

    public void start() {
        thread.start();
        log.info("KCL application {} started", name);
    }

    /**
     * Graceful: each record processor gets shutdownRequested and checkpoints what it stored, so a
     * restart repeats nothing.
     */
    public void stop(Duration timeout) {
        try {
            Boolean done = scheduler.startGracefulShutdown().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("KCL application {} stopped (graceful: {})", name, done);
        } catch (Exception e) {
            log.warn("graceful shutdown of {} did not finish: {}; shutting down", name, e.toString());
            scheduler.shutdown();
        }
        workers.close();
    }

    /** KCL tells each state change of its worker here, on the worker's own thread. */
    private final class StateTracker implements WorkerStateChangeListener {

        @Override
        public void onWorkerStateChange(WorkerState newState) {
            workerState = newState;
            log.info("KCL application {}: worker {}", name, newState);
        }

        @Override
        public void onAllInitializationAttemptsFailed(Throwable e) {
            initializationFailure = e;
            log.error("KCL application {} gave up initialising its worker", name, e);
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }
}

package dev.awsref.analytics.consume;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.analytics.aggregate.DailyActivityTable;
import dev.awsref.analytics.aggregate.RedisAggregates;
import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.defaults.tracing.TraceContexts;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.StreamSpec.PoisonRecords;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.kinesis.coordinator.WorkerStateChangeListener.WorkerState;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live KCL application, {@code <prefix>-analytics-user-activity}, whose lease table the
 * provisioner (or CDK) creates. Started after the web server is up and stopped before it, with a
 * graceful KCL shutdown that checkpoints. Off with {@code analytics.consumer.enabled=false}.
 *
 * <p>Preparing it (the dead-letter queue's URL, the first leases) takes calls to SQS, DynamoDB and
 * Kinesis, and KCL's own initialisation more: none of that happens during the context refresh,
 * which it used to hold up by seconds. {@link #start()} hands it to a thread of its own, and {@link
 * KclWorkerHealthIndicator} keeps {@code /readyz} at 503 until the KCL worker has started. A call
 * that fails while preparing (an endpoint not reachable yet, a table still being created) is
 * retried with backoff for up to {@link #PREPARE_TIMEOUT}; after that the service stays not ready
 * and says why.
 */
@Component
@ConditionalOnProperty(name = "analytics.consumer.enabled", havingValue = "true", matchIfMissing = true)
public class LiveConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveConsumer.class);

    static final Duration PREPARE_TIMEOUT = Duration.ofMinutes(10);

    /** 1 s, doubling up to 30 s between attempts, until {@link #PREPARE_TIMEOUT}. */
    private static final RetryPolicy PREPARE_RETRIES = RetryPolicy.builder()
            .maxRetries(Long.MAX_VALUE)
            .delay(Duration.ofSeconds(1))
            .multiplier(2)
            .maxDelay(Duration.ofSeconds(30))
            .timeout(PREPARE_TIMEOUT)
            .build();

    private final EnvironmentTopology names;
    private final RedisAggregates redis;
    private final DailyActivityTable daily;
    private final AnalyticsProperties properties;
    private final KinesisAsyncClient kinesis;
    private final DynamoDbAsyncClient dynamo;
    private final CloudWatchAsyncClient cloudWatch;
    private final MeterRegistry meters;
    private final SqsAsyncClient sqs;
    private final JsonMapper json;
    private final TraceContexts traces;
    private volatile Thread starter;
    private volatile KclApplication application;
    private volatile Throwable prepareFailure;
    private volatile boolean gaveUp;

    LiveConsumer(
            EnvironmentTopology names,
            RedisAggregates redis,
            DailyActivityTable daily,
            AnalyticsProperties properties,
            KinesisAsyncClient kinesis,
            DynamoDbAsyncClient dynamo,
            CloudWatchAsyncClient cloudWatch,
            MeterRegistry meters,
            SqsAsyncClient sqs,
            JsonMapper json,
            TraceContexts traces) {
        this.traces = traces;
        this.sqs = sqs;
        this.json = json;
        this.names = names;
        this.redis = redis;
        this.daily = daily;
        this.properties = properties;
        this.kinesis = kinesis;
        this.dynamo = dynamo;
        this.cloudWatch = cloudWatch;
        this.meters = meters;
    }

    /** Returns at once: the application is prepared and started on a thread of its own. */
    @Override
    public synchronized void start() {
        if (starter == null) {
            prepareFailure = null;
            gaveUp = false;
            starter = Thread.ofPlatform().name("live-consumer-start").daemon().start(this::prepareAndStart);
        }
    }

    private void prepareAndStart() {
        KclApplication prepared;
        try {
            prepared = new RetryTemplate(PREPARE_RETRIES).execute(this::prepare);
        } catch (RetryException e) {
            if (starter == Thread.currentThread()) {
                gaveUp = true;
                log.error(
                        "the live KCL application could not be prepared within {}; the service stays not ready",
                        PREPARE_TIMEOUT,
                        e);
            }
            return;
        }
        synchronized (this) {
            if (starter != Thread.currentThread()) {
                return; // stopped while it was being prepared
            }
            application = prepared;
            prepared.start();
        }
    }

    private KclApplication prepare() {
        try {
            PoisonRecords poison = names.model().stream(ReferenceTopology.USER_ACTIVITY_STREAM)
                    .poisonRecords()
                    .orElseThrow(() -> new IllegalStateException(
                            "the model declares no dead-letter queue for " + ReferenceTopology.USER_ACTIVITY_STREAM));
            String queueUrl = sqs.getQueueUrl(b -> b.queueName(names.queue(poison.deadLetterQueue())))
                    .join()
                    .queueUrl();
            return new KclApplication(
                    names.table(ReferenceTopology.ANALYTICS_KCL_APPLICATION),
                    names.stream(ReferenceTopology.USER_ACTIVITY_STREAM),
                    null,
                    redis,
                    daily,
                    properties.consumer(),
                    kinesis,
                    dynamo,
                    cloudWatch,
                    meters,
                    poison.maxAttempts(),
                    new SqsDeadLetters(sqs, queueUrl, json),
                    traces);
        } catch (RuntimeException e) {
            prepareFailure = e;
            log.warn("the live KCL application could not be prepared yet: {}", e.toString());
            throw e;
        }
    }

    @Override
    public void stop() {
        Thread preparing;
        KclApplication running;
        synchronized (this) {
            preparing = starter;
            running = application;
            starter = null;
            application = null;
        }
        if (preparing != null) {
            preparing.interrupt(); // ends a wait between attempts; a prepared application is not started
        }
        if (running != null) {
            running.stop(Duration.ofSeconds(20));
        }
    }

    @Override
    public boolean isRunning() {
        return starter != null;
    }

    /** The KCL worker's state, once the application is prepared and started; empty before. */
    public Optional<WorkerState> workerState() {
        KclApplication app = application;
        return app == null ? Optional.empty() : Optional.of(app.workerState());
    }

    /**
     * Why the consumer is not working and will not by itself: preparing it failed for longer than
     * {@link #PREPARE_TIMEOUT}, or KCL gave up initialising its worker. Empty otherwise.
     */
    public Optional<Throwable> failure() {
        KclApplication app = application;
        if (app != null && app.initializationFailure() != null) {
            return Optional.of(app.initializationFailure());
        }
        return gaveUp ? Optional.ofNullable(prepareFailure) : Optional.empty();
    }

    /** The last failure while preparing, if any (it may be retried still). */
    public Optional<Throwable> lastPrepareFailure() {
        return Optional.ofNullable(prepareFailure);
    }

    public ConsumerStats stats() {
        KclApplication app = application;
        return app == null ? null : app.stats();
    }
}

package dev.awsref.analytics.ops;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.analytics.aggregate.RedisAggregates;
import dev.awsref.analytics.consume.KclApplication;
import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.defaults.tracing.TraceContexts;
import dev.awsref.platform.provision.TableSchema;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.TableSpec;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * {@code /actuator/replay} (authenticated): reads the stream again, from TRIM_HORIZON or a
 * timestamp, as a separately named KCL application with its own lease table, into Redis aggregates
 * under {@code replay-<name>}. The live application's leases, checkpoints and aggregates are not
 * touched, and the DynamoDB daily table is left alone. Compare the rebuilt figures with the live
 * ones, then delete the replay.
 */
@Component
@Endpoint(id = "replay")
class ReplayEndpoint {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}");

    private final Map<String, KclApplication> replays = new ConcurrentHashMap<>();
    private final EnvironmentTopology names;
    private final StringRedisTemplate redis;
    private final AnalyticsProperties properties;
    private final KinesisAsyncClient kinesis;
    private final DynamoDbAsyncClient dynamo;
    private final CloudWatchAsyncClient cloudWatch;
    private final MeterRegistry meters;
    private final TraceContexts traces;

    ReplayEndpoint(
            EnvironmentTopology names,
            StringRedisTemplate redis,
            AnalyticsProperties properties,
            KinesisAsyncClient kinesis,
            DynamoDbAsyncClient dynamo,
            CloudWatchAsyncClient cloudWatch,
            MeterRegistry meters,
            TraceContexts traces) {
        this.traces = traces;
        this.names = names;
        this.redis = redis;
        this.properties = properties;
        this.kinesis = kinesis;
        this.dynamo = dynamo;
        this.cloudWatch = cloudWatch;
        this.meters = meters;
    }

    @ReadOperation
    Map<String, Object> replays() {
        var view = new TreeMap<String, Object>();
        replays.forEach((name, app) -> view.put(
                name,
                Map.of(
                        "application",
                        app.name(),
                        "records",
                        app.stats().total(),
                        "perShard",
                        app.stats().perShard())));
        return view;
    }

    /**
     * @param name the replay's name: the KCL application and its lease table become
     *     {@code <prefix>-analytics-replay-<name>}, a run-time table the model declares
     * @param from {@code TRIM_HORIZON} (the default) or an ISO-8601 instant for AT_TIMESTAMP
     */
    @WriteOperation
    Map<String, Object> start(String name, @Nullable String from) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be lower-case letters, digits and '-'");
        }
        Instant at = from == null || from.equals("TRIM_HORIZON") ? null : Instant.parse(from);
        String application = names.runtimeTable(ReferenceTopology.ANALYTICS_REPLAY_TABLES, name);
        createLeaseTable(application);
        var settings = properties.consumer();
        var replaySettings = new AnalyticsProperties.Consumer(
                true,
                settings.failoverTimeMillis(),
                settings.leaseAssignmentIntervalMillis(),
                settings.shardSyncIntervalMillis(),
                settings.workerMetricsCaptureMillis(),
                settings.workerMetricsReporterMillis(),
                settings.shardConsumerDispatchPollIntervalMillis(),
                settings.parentShardPollIntervalMillis(),
                settings.schedulerInitializationBackoffTimeMillis(),
                settings.taskBackoffTimeMillis(),
                settings.idleTimeBetweenReadsMillis(),
                settings.maxRecords(),
                settings.metricsLevel(),
                "TRIM_HORIZON",
                settings.poisonFirstPause());
        var target = new RedisAggregates(
                redis,
                RedisAggregates.namespaceOf(names.prefix()) + "-replay-" + name,
                properties.aggregates().recentEvents(),
                properties.aggregates().duplicateWindow());
        replays.computeIfAbsent(name, n -> {
            var app = new KclApplication(
                    application,
                    names.stream(ReferenceTopology.USER_ACTIVITY_STREAM),
                    at,
                    target,
                    null,
                    replaySettings,
                    kinesis,
                    dynamo,
                    cloudWatch,
                    meters,
                    names.model().stream(ReferenceTopology.USER_ACTIVITY_STREAM)
                            .poisonRecords()
                            .map(p -> p.maxAttempts())
                            .orElse(1),
                    // The live application dead-letters what cannot be applied; a replay counts it.
                    dev.awsref.analytics.consume.DeadLetters.COUNTED_ONLY,
                    traces);
            app.start();
            return app;
        });
        return Map.of(
                "application",
                application,
                "from",
                at == null ? "TRIM_HORIZON" : at.toString(),
                "redisNamespace",
                target.namespace());
    }

    @DeleteOperation
    Map<String, Object> stop(@Selector String name) {
        KclApplication app = replays.remove(name);
        if (app == null) {
            return Map.of("stopped", false);
        }
        app.stop(Duration.ofSeconds(20));
        // The lease table belongs to this replay alone (the model's run-time table pattern); a
        // stopped replay cannot resume, so nothing is lost and nothing is left behind.
        boolean deleted = deleteLeaseTable(app.name());
        return Map.of("stopped", true, "records", app.stats().total(), "leaseTableDeleted", deleted);
    }

    private boolean deleteLeaseTable(String application) {
        try {
            dynamo.deleteTable(b -> b.tableName(application)).join();
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException) {
                return false;
            }
            throw e;
        }
    }

    /** The same lease table the provisioner creates for the live application, from the same spec. */
    private void createLeaseTable(String application) {
        try {
            dynamo.createTable(TableSchema.createTable(
                            TableSpec.kclLeaseTable(application, ServiceName.ANALYTICS), application))
                    .join();
        } catch (java.util.concurrent.CompletionException e) {
            if (!(e.getCause() instanceof ResourceInUseException)) {
                throw e;
            }
        }
        try (var waiter = software.amazon.awssdk.services.dynamodb.waiters.DynamoDbAsyncWaiter.builder()
                .client(dynamo)
                .build()) {
            waiter.waitUntilTableExists(
                            b -> b.tableName(application),
                            o -> o.waitTimeout(Duration.ofSeconds(60))
                                    .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.fixedDelay(
                                            Duration.ofMillis(200))))
                    .join();
        }
    }
}

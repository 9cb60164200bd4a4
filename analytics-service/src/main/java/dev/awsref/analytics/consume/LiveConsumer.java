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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live KCL application, {@code <prefix>-analytics-user-activity}, whose lease table the
 * provisioner (or CDK) creates. Started after the web server is up and stopped before it, with a
 * graceful KCL shutdown that checkpoints. Off with {@code analytics.consumer.enabled=false}.
 */
@Component
@ConditionalOnProperty(name = "analytics.consumer.enabled", havingValue = "true", matchIfMissing = true)
public class LiveConsumer implements SmartLifecycle {

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
    private volatile KclApplication application;

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

    @Override
    public synchronized void start() {
        if (application == null) {
            PoisonRecords poison = names.model().stream(ReferenceTopology.USER_ACTIVITY_STREAM)
                    .poisonRecords()
                    .orElseThrow(() -> new IllegalStateException(
                            "the model declares no dead-letter queue for " + ReferenceTopology.USER_ACTIVITY_STREAM));
            String queueUrl = sqs.getQueueUrl(b -> b.queueName(names.queue(poison.deadLetterQueue())))
                    .join()
                    .queueUrl();
            application = new KclApplication(
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
            application.start();
        }
    }

    @Override
    public synchronized void stop() {
        if (application != null) {
            application.stop(Duration.ofSeconds(20));
            application = null;
        }
    }

    @Override
    public boolean isRunning() {
        return application != null;
    }

    public ConsumerStats stats() {
        KclApplication app = application;
        return app == null ? null : app.stats();
    }
}

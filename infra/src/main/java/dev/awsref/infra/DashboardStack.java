package dev.awsref.infra;

import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.StreamSpec;
import dev.awsref.platform.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TextWidget;
import software.constructs.Construct;

/**
 * One CloudWatch dashboard with the figures of the local Grafana dashboard, from the metrics AWS
 * publishes itself: SQS queue and DLQ depth, Kinesis records in and iterator age, ElastiCache hits
 * and misses. Metrics are named by the physical names of the model's resources, so the stack
 * depends on no other stack's outputs. The services' own meters (orders placed, outbox backlog,
 * listener outcomes, per-shard counts, circuit breakers) are not in CloudWatch yet: they are
 * served on each instance's management port (Prometheus format) and reach CloudWatch only once
 * the instance runs an agent that scrapes them (docs/observability.md).
 */
public class DashboardStack extends Stack {

    private static final Duration PERIOD = Duration.minutes(1);
    private final Dashboard dashboard;

    public DashboardStack(
            Construct scope,
            String id,
            StackProps props,
            InfraSettings settings,
            Topology topology,
            String redisGroupId) {
        super(scope, id, props);
        ResourceNames names = settings.names();
        dashboard = Dashboard.Builder.create(this, "System")
                .dashboardName(names.physical("system"))
                .build();
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("# " + names.physical("system") + "\nQueue and DLQ depth, Kinesis in and iterator age,"
                        + " cache hit ratio. What each figure means and its alarm: docs/observability.md.")
                .width(24)
                .height(2)
                .build());

        List<IMetric> queues = new ArrayList<>();
        List<IMetric> deadLetters = new ArrayList<>();
        for (QueueSpec queue : topology.queues()) {
            Metric depth = sqs(names.physical(queue.name()));
            if (queue.isDeadLetterQueue()) {
                deadLetters.add(depth);
            } else {
                queues.add(depth);
            }
        }
        dashboard.addWidgets(
                graph("Queue depth (ApproximateNumberOfMessagesVisible)", queues),
                graph("DLQ depth (alarm above 0)", deadLetters));

        List<IMetric> incoming = new ArrayList<>();
        List<IMetric> iteratorAge = new ArrayList<>();
        for (StreamSpec stream : topology.streams()) {
            String streamName = names.physical(stream.name());
            incoming.add(kinesis(streamName, "IncomingRecords", "Sum"));
            iteratorAge.add(kinesis(streamName, "GetRecords.IteratorAgeMilliseconds", "Maximum"));
        }
        dashboard.addWidgets(
                graph("Kinesis records in per minute (IncomingRecords)", incoming),
                graph("Kinesis iterator age, ms (GetRecords.IteratorAgeMilliseconds)", iteratorAge));

        var hits = sumOverNodes("CacheHits", "hits", redisGroupId);
        var misses = sumOverNodes("CacheMisses", "misses", redisGroupId);
        var ratio = MathExpression.Builder.create()
                .expression("100 * SUM(hits) / (SUM(hits) + SUM(misses))")
                .usingMetrics(Map.of("hits", hits, "misses", misses))
                .label("cache hit ratio %")
                .period(PERIOD)
                .build();
        dashboard.addWidgets(graph("Cache hit ratio % (CacheHits, CacheMisses)", List.of(ratio)));
    }

    /**
     * ElastiCache publishes per node (CacheClusterId {@code <group>-001}, {@code -002}...): a SEARCH
     * for the group's id finds its nodes, whatever their number, and no other group's.
     */
    private static MathExpression sumOverNodes(String metricName, String label, String groupId) {
        String search = "{AWS/ElastiCache,CacheClusterId} MetricName=\"" + metricName + "\" ";
        return MathExpression.Builder.create()
                .expression(Fn.join("", List.of("SEARCH('", search, groupId, "', 'Sum', 60)")))
                .label(label)
                .period(PERIOD)
                .build();
    }

    private static Metric sqs(String queueName) {
        return Metric.Builder.create()
                .namespace("AWS/SQS")
                .metricName("ApproximateNumberOfMessagesVisible")
                .dimensionsMap(Map.of("QueueName", queueName))
                .statistic("Maximum")
                .period(PERIOD)
                .label(queueName)
                .build();
    }

    private static Metric kinesis(String streamName, String metricName, String statistic) {
        return Metric.Builder.create()
                .namespace("AWS/Kinesis")
                .metricName(metricName)
                .dimensionsMap(Map.of("StreamName", streamName))
                .statistic(statistic)
                .period(PERIOD)
                .label(streamName)
                .build();
    }

    private static GraphWidget graph(String title, List<IMetric> metrics) {
        return GraphWidget.Builder.create()
                .title(title)
                .left(metrics)
                .width(12)
                .height(6)
                .build();
    }

    public Dashboard dashboard() {
        return dashboard;
    }
}

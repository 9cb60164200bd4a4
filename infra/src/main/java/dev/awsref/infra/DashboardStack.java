package dev.awsref.infra;

import dev.awsref.platform.metrics.ServiceMeter;
import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.ServiceSpec;
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
 * One CloudWatch dashboard with the figures of the local Grafana dashboard. From the metrics AWS
 * publishes itself: SQS queue and DLQ depth, Kinesis records in and iterator age, ElastiCache hits
 * and misses, named by the physical names of the model's resources, so the stack depends on no
 * other stack's outputs. From the services' own meters, which each service's Micrometer CloudWatch
 * registry publishes under its namespace {@code <env>-<service>}
 * ({@link InstancePolicy#serviceMetricsNamespace}): orders per minute, the outbox backlog and its
 * oldest row's age, listener throughput and failures, Kinesis records in and out per shard, the
 * order cache's hit ratio and the circuit breakers' state. Their names and dimensions come from
 * platform's {@link ServiceMeter}, which service-defaults' CloudWatchMetricNamesTest checks against
 * what the registry really sends. CloudWatch finds a metric only by its whole set of dimensions and
 * the values (queues, shards, breakers) are the services' to choose, so these graphs are SEARCH
 * expressions over the meter's dimension names, not single metrics.
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
                .markdown("# " + names.physical("system") + "\nAWS's metrics (queue and DLQ depth, Kinesis in and"
                        + " iterator age, cache hit ratio), then the services' own meters. What each figure means"
                        + " and its alarm: docs/observability.md.")
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

        addServiceMeters(names, topology);
    }

    /** The figures only the services' own meters give (docs/observability.md says what each means). */
    private void addServiceMeters(ResourceNames names, Topology topology) {
        String order = namespace(names, topology.service(ServiceName.ORDER));
        String analytics = namespace(names, topology.service(ServiceName.ANALYTICS));
        dashboard.addWidgets(TextWidget.Builder.create()
                .markdown("## The services' own meters\nPublished by each service under `<env>-<service>`"
                        + " (Micrometer's CloudWatch registry, once a minute).")
                .width(24)
                .height(1)
                .build());

        var placed = ServiceMeter.ORDERS_PLACED;
        dashboard.addWidgets(
                graph(
                        "Orders per minute (" + placed.countName() + ")",
                        List.of(search(order, placed, placed.countName(), "", "Sum"))),
                GraphWidget.Builder.create()
                        .title("Outbox backlog (left) and its oldest row's age, s (right)")
                        .left(List.of(value(order, ServiceMeter.OUTBOX_PENDING)))
                        .right(List.of(value(order, ServiceMeter.OUTBOX_OLDEST_PENDING_AGE)))
                        .width(12)
                        .height(6)
                        .build());

        // Listener meters come from every service that consumes a queue, each under its own namespace.
        List<IMetric> handled = new ArrayList<>();
        List<IMetric> failed = new ArrayList<>();
        for (ServiceSpec service : topology.services()) {
            if (topology.queuesConsumedBy(service.name()).isEmpty()) {
                continue;
            }
            String namespace = namespace(names, service);
            var messages = ServiceMeter.SQS_LISTENER_MESSAGES;
            var failures = ServiceMeter.SQS_LISTENER_FAILURES;
            handled.add(search(namespace, messages, messages.countName(), "", "Sum"));
            failed.add(search(namespace, failures, failures.countName(), "", "Sum"));
        }
        dashboard.addWidgets(
                graph("Listener messages per minute, by queue and outcome (sqs.listener.messages)", handled),
                graph("Listener failures per minute, by what the policy did (sqs.listener.failures)", failed));

        var in = ServiceMeter.KINESIS_RECORDS_IN;
        var out = ServiceMeter.KINESIS_RECORDS_OUT;
        dashboard.addWidgets(
                graph(
                        "Kinesis records in per shard per minute (" + in.countName() + ")",
                        List.of(search(analytics, in, in.countName(), "", "Sum"))),
                graph(
                        "Kinesis records out per shard per minute (" + out.countName() + ")",
                        List.of(search(analytics, out, out.countName(), "", "Sum"))));

        var requests = ServiceMeter.ORDER_CACHE_REQUESTS;
        var hits = search(order, requests, requests.countName(), " result=\"hit\"", "Sum");
        var misses = search(order, requests, requests.countName(), " result=\"miss\"", "Sum");
        var ratio = MathExpression.Builder.create()
                .expression("100 * SUM(hits) / (SUM(hits) + SUM(misses))")
                .usingMetrics(Map.of("hits", hits, "misses", misses))
                .label("order cache hit ratio %")
                .period(PERIOD)
                .build();
        var state = ServiceMeter.CIRCUIT_BREAKER_STATE;
        dashboard.addWidgets(
                graph(
                        "Order cache hit ratio % (" + requests.countName() + ", result hit / hit + miss)",
                        List.of(ratio)),
                graph("Circuit-breaker state, 1 = current (" + state.valueName() + ")", List.of(value(order, state))));
    }

    private static String namespace(ResourceNames names, ServiceSpec service) {
        return InstancePolicy.serviceMetricsNamespace(names, service);
    }

    private static MathExpression value(String namespace, ServiceMeter gauge) {
        return search(namespace, gauge, gauge.valueName(), "", "Maximum");
    }

    /**
     * Every metric of the meter with the given name in the namespace, one line per set of dimension
     * values. The schema names all the meter's dimensions, as a SEARCH with a schema finds only
     * metrics with exactly those; the namespace has hyphens and must be quoted
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/search-expression-syntax.html).
     */
    private static MathExpression search(
            String namespace, ServiceMeter meter, String metricName, String filter, String statistic) {
        String schema = "{\"" + namespace + "\"," + String.join(",", meter.dimensions()) + "}";
        return MathExpression.Builder.create()
                .expression("SEARCH('" + schema + " MetricName=\"" + metricName + "\"" + filter + "', '" + statistic
                        + "', 60)")
                .label(meter.meterName())
                .period(PERIOD)
                .build();
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

package dev.awsref.infra;

import static dev.awsref.infra.TemplateReader.props;
import static dev.awsref.infra.TemplateReader.resources;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.metrics.ServiceMeter;
import dev.awsref.platform.metrics.ServiceMeter.CloudWatchMetric;
import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.StreamSpec;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The CloudWatch dashboard shows, for every queue and DLQ and every stream of the model, the
 * metrics AWS publishes for them, and the cache hit ratio from the Redis group's nodes; and the
 * figures only the services' own meters give, each asked for by a name and dimensions that the
 * service publishes (platform's ServiceMeter, which service-defaults' CloudWatchMetricNamesTest
 * checks against the real CloudWatch registry's requests).
 */
class DashboardStackTest {

    /** A SEARCH over a service's namespace, as the body's JSON text has it: namespace, dimensions, name. */
    private static final Pattern SERVICE_SEARCH =
            Pattern.compile("SEARCH\\('\\{\\\\\"([^\\\\]+)\\\\\",([^}]*)} MetricName=\\\\\"([^\\\\]+)\\\\\"");

    private static Template template;
    private static String body;

    @BeforeAll
    static void synth() {
        template = SynthesizedApp.template(SynthesizedApp.stacks().dashboard());
        var dashboard = props(resources(template, "AWS::CloudWatch::Dashboard")
                .values()
                .iterator()
                .next());
        // The body is a Fn::Join of literal parts and the Redis group's reference: its text is enough here.
        body = dashboard.get("DashboardBody").toString();
    }

    @Test
    void thereIsOneDashboardNamedForTheEnvironment() {
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.hasResourceProperties("AWS::CloudWatch::Dashboard", Map.of("DashboardName", "prod-system"));
    }

    @Test
    void everyQueueAndDeadLetterQueueOfTheModelHasItsDepth() {
        assertThat(body).contains("AWS/SQS", "ApproximateNumberOfMessagesVisible");
        for (QueueSpec queue : SynthesizedApp.TOPOLOGY.queues()) {
            assertThat(body).as(queue.name()).contains("\"QueueName\",\"prod-" + queue.name() + "\"");
        }
    }

    @Test
    void everyStreamHasItsIncomingRecordsAndIteratorAge() {
        for (StreamSpec stream : SynthesizedApp.TOPOLOGY.streams()) {
            assertThat(body)
                    .contains("\"AWS/Kinesis\",\"IncomingRecords\",\"StreamName\",\"prod-" + stream.name())
                    .contains("\"AWS/Kinesis\",\"GetRecords.IteratorAgeMilliseconds\",\"StreamName\",\"prod-"
                            + stream.name());
        }
    }

    @Test
    void theCacheHitRatioIsComputedFromTheRedisGroupsHitsAndMisses() {
        assertThat(body)
                .contains("MetricName=\\\"CacheHits\\\"", "MetricName=\\\"CacheMisses\\\"")
                .contains("100 * SUM(hits) / (SUM(hits) + SUM(misses))")
                // the group's generated id, so another group's nodes in the account are not counted
                .contains("Fn::ImportValue=ProdData");
    }

    @Test
    void everyServiceMetricItAsksForIsOneThatServicePublishes() {
        Set<CloudWatchMetric> published = new HashSet<>();
        for (ServiceSpec service : SynthesizedApp.TOPOLOGY.services()) {
            String namespace = "prod-" + service.id();
            Arrays.stream(ServiceMeter.values())
                    .filter(m -> m.registeredBy().map(service.name()::equals).orElse(true))
                    .forEach(m -> published.addAll(m.cloudWatchMetrics(namespace)));
        }
        Set<CloudWatchMetric> asked = new HashSet<>();
        Matcher search = SERVICE_SEARCH.matcher(body);
        while (search.find()) {
            asked.add(new CloudWatchMetric(
                    search.group(1), search.group(3), List.of(search.group(2).split(","))));
        }
        assertThat(asked).isNotEmpty();
        assertThat(published).containsAll(asked);
    }

    @Test
    void theServicesMetersGiveTheFiguresTheIssueAsksFor() {
        assertThat(body)
                .contains("\\\"prod-order-service\\\",service} MetricName=\\\"orders.placed.count\\\"")
                .contains("MetricName=\\\"outbox.pending.value\\\"")
                .contains("MetricName=\\\"outbox.oldest.pending.age.value\\\"")
                .contains("MetricName=\\\"kinesis.records.in.count\\\"")
                .contains("MetricName=\\\"kinesis.records.out.count\\\"")
                .contains("MetricName=\\\"resilience4j.circuitbreaker.state.value\\\"")
                .contains("MetricName=\\\"order.cache.requests.count\\\" result=\\\"hit\\\"")
                .contains("MetricName=\\\"order.cache.requests.count\\\" result=\\\"miss\\\"");
        // listener throughput and failures from every service that consumes a queue
        for (ServiceSpec service : SynthesizedApp.TOPOLOGY.services()) {
            boolean consumes =
                    !SynthesizedApp.TOPOLOGY.queuesConsumedBy(service.name()).isEmpty();
            assertThat(body.contains("\\\"prod-" + service.id()
                            + "\\\",service,queue,outcome} MetricName=\\\"sqs.listener.messages.count"))
                    .as(service.id())
                    .isEqualTo(consumes);
            assertThat(body.contains("\\\"prod-" + service.id()
                            + "\\\",service,queue,outcome} MetricName=\\\"sqs.listener.failures.count"))
                    .as(service.id())
                    .isEqualTo(consumes);
        }
    }
}

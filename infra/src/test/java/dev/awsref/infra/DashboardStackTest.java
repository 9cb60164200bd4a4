package dev.awsref.infra;

import static dev.awsref.infra.TemplateReader.props;
import static dev.awsref.infra.TemplateReader.resources;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.StreamSpec;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The CloudWatch dashboard shows, for every queue and DLQ and every stream of the model, the
 * metrics AWS publishes for them, and the cache hit ratio from the Redis group's nodes.
 */
class DashboardStackTest {

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
}

package dev.awsref.infra.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The check would have caught the defects it was built for, shown on the calls the old code made
 * (as test-support records them): a check that never denies proves nothing.
 */
class IamCheckCatchesDenialsIT {

    private final IamCheck check = new IamCheck(Path.of(System.getProperty("project.root", "..")));

    @Test
    void theOldOutboxLookingUpTopicArnsWithListTopicsIsDenied() throws Exception {
        var listTopics = new RecordedCall(
                "order-service", "sns:ListTopics", "*", Map.of(), "Sns.ListTopics", "old TopicArns.resolve");

        var report = check.run(Map.of("order-service", List.of(listTopics)));

        assertThat(report.denials()).singleElement().asString().contains("sns:ListTopics", "ImplicitlyDenied");
    }

    @Test
    void publishingToATopicOfAnotherServiceIsDenied() throws Exception {
        var publish = new RecordedCall(
                "analytics-service",
                "sns:Publish",
                "arn:aws:sns:us-east-1:000000000000:it-1a2b-order-events",
                Map.of(),
                "Sns.Publish",
                "a test");

        var report = check.run(Map.of("analytics-service", List.of(publish)));

        assertThat(report.denials()).anySatisfy(d -> assertThat(d).contains("sns:Publish", "dev-order-events"));
    }

    @Test
    void kclPublishingItsMetricsAtSummaryIsAllowedUnderItsOwnNamespaceOnly() throws Exception {
        // The tests run KCL with MetricsLevel NONE (no CloudWatch emulator here); on AWS it runs at
        // SUMMARY and calls this, with its application's name as the namespace.
        var own = metrics("it-1a2b-analytics-user-activity");
        var replay = metrics("it-1a2b-analytics-replay-7f3e");
        var other = metrics("it-1a2b-somebody-else");

        var allowed = check.run(Map.of("analytics-service", List.of(own, replay)));
        var denied = check.run(Map.of("analytics-service", List.of(other)));

        assertThat(allowed.denials()).isEmpty();
        assertThat(denied.denials()).singleElement().asString().contains("cloudwatch:PutMetricData");
    }

    private static RecordedCall metrics(String namespace) {
        return new RecordedCall(
                "analytics-service",
                "cloudwatch:PutMetricData",
                "*",
                Map.of("cloudwatch:namespace", namespace),
                "CloudWatch.PutMetricData",
                "software.amazon.kinesis.metrics.CloudWatchMetricsPublisher.publishMetrics");
    }
}

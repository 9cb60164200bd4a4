package dev.awsref.infra;

import static dev.awsref.infra.TemplateReader.logicalId;
import static dev.awsref.infra.TemplateReader.props;
import static dev.awsref.infra.TemplateReader.resources;
import static dev.awsref.infra.TemplateReader.statements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.TableSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class StreamingStackTest {

    private static Template template;

    @BeforeAll
    static void synth() {
        template = SynthesizedApp.template(SynthesizedApp.stacks().streaming());
    }

    @Test
    void theStreamHasTheModelsShardsAndRetentionAndIsKmsEncrypted() {
        var spec = SynthesizedApp.TOPOLOGY.stream(ReferenceTopology.USER_ACTIVITY_STREAM);
        template.hasResourceProperties(
                "AWS::Kinesis::Stream",
                Map.of(
                        "Name", "prod-user-activity",
                        "ShardCount", spec.shardCount(),
                        "RetentionPeriodHours", (int) spec.retention().toHours(),
                        "StreamModeDetails", Map.of("StreamMode", "PROVISIONED"),
                        "StreamEncryption", Match.objectLike(Map.of("EncryptionType", "KMS"))));
    }

    @Test
    void everyTableOfTheModelIsOnDemandWithPointInTimeRecoveryAndItsIndexes() {
        template.resourceCountIs(
                "AWS::DynamoDB::Table", SynthesizedApp.TOPOLOGY.tables().size());
        for (TableSpec spec : SynthesizedApp.TOPOLOGY.tables()) {
            var table = props(resources(template, "AWS::DynamoDB::Table")
                    .get(logicalId(template, "AWS::DynamoDB::Table", "TableName", "prod-" + spec.name())));
            assertThat(table)
                    .containsEntry("BillingMode", "PAY_PER_REQUEST")
                    .containsEntry("PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true));
            assertThat(table.get("SSESpecification").toString()).contains("SSEEnabled=true", "KMS");
            assertThat(table.get("AttributeDefinitions").toString())
                    .contains(spec.partitionKey().attribute());
            assertThat(size(table.get("GlobalSecondaryIndexes")))
                    .isEqualTo(spec.globalIndexes().size());
            assertThat(size(table.get("LocalSecondaryIndexes")))
                    .isEqualTo(spec.localIndexes().size());
        }
    }

    @Test
    void firehoseArchivesTheStreamIntoAnEncryptedBucketWithARoleScopedToBoth() {
        String stream = logicalId(template, "AWS::Kinesis::Stream", "Name", "prod-user-activity");
        template.hasResourceProperties(
                "AWS::KinesisFirehose::DeliveryStream",
                Map.of(
                        "DeliveryStreamType", "KinesisStreamAsSource",
                        "KinesisStreamSourceConfiguration",
                                Match.objectLike(
                                        Map.of("KinesisStreamARN", Map.of("Fn::GetAtt", List.of(stream, "Arn")))),
                        "ExtendedS3DestinationConfiguration",
                                Match.objectLike(Map.of(
                                        "CompressionFormat",
                                        "GZIP",
                                        "EncryptionConfiguration",
                                        Match.objectLike(Map.of("KMSEncryptionConfig", Match.anyValue()))))));
        var firehoseStatements = statements(template, "AWS::IAM::Policy", "PolicyDocument");
        assertThat(firehoseStatements).allSatisfy(st -> {
            assertThat(st.get("Action").toString()).doesNotContain("*");
            assertThat(st.get("Resource")).isNotEqualTo("*");
        });
    }

    @Test
    void readersFallingBehindAlarmOnOpsAlerts() {
        template.hasResourceProperties(
                "AWS::CloudWatch::Alarm",
                Map.of(
                        "MetricName", "GetRecords.IteratorAgeMilliseconds",
                        "Threshold", StreamingStack.ITERATOR_AGE_ALARM.toMilliseconds(),
                        "AlarmActions", Match.anyValue()));
    }

    @Test
    void onDemandAndRetentionAreContextOptions() {
        var settings = new InfraSettings(
                "ondemand",
                java.util.Optional.empty(),
                1,
                false,
                7,
                true,
                java.util.Optional.of(48),
                InfraSettings.Platform.DEFAULT,
                "t3.small",
                2,
                SynthesizedApp.SETTINGS.deploymentPolicy(),
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                java.util.Map.of(),
                DisasterRecoveryOptions.NONE,
                InfraSettings.CacheEngine.REDIS);
        var app = new software.amazon.awscdk.App();
        var messaging = new MessagingStack(app, "M", null, settings, SynthesizedApp.TOPOLOGY);
        var streaming = new StreamingStack(app, "S", null, settings, SynthesizedApp.TOPOLOGY, messaging.opsAlerts());
        var t = Template.fromStack(streaming);
        t.hasResourceProperties(
                "AWS::Kinesis::Stream",
                Map.of("StreamModeDetails", Map.of("StreamMode", "ON_DEMAND"), "RetentionPeriodHours", 48));
        assertThat(props(
                        resources(t, "AWS::Kinesis::Stream").values().iterator().next()))
                .doesNotContainKey("ShardCount");
    }

    private static int size(Object list) {
        return list == null ? 0 : ((List<?>) list).size();
    }
}

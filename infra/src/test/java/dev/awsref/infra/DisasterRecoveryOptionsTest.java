package dev.awsref.infra;

import static dev.awsref.infra.TemplateReader.props;
import static dev.awsref.infra.TemplateReader.resources;
import static dev.awsref.infra.TemplateReader.statements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The cross-region disaster-recovery options: off in the default app (each costs money), and with
 * every one given, RDS backup replication, S3 replication of the archive with a least-privilege
 * role, and Route 53 failover records, all passing cdk-nag.
 */
class DisasterRecoveryOptionsTest {

    static final String BACKUP_KEY = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555";
    static final String REPLICA_BUCKET = "arn:aws:s3:::prod-user-activity-archive-replica";
    static final String REPLICA_KEY = "arn:aws:kms:eu-west-1:123456789012:key/66666666-7777-8888-9999-000000000000";
    static final DisasterRecoveryOptions ALL = new DisasterRecoveryOptions(
            Optional.of("us-west-2"),
            Optional.of(BACKUP_KEY),
            Optional.of(REPLICA_BUCKET),
            Optional.of(REPLICA_KEY),
            Optional.of(new DisasterRecoveryOptions.Failover(
                    "Z0123456789ABCDEFGHIJ", "orders.example.com", "order-service", "orders-standby.example.com")));

    private static InfraApp.Stacks withAll;
    private static List<String> nagFindings;

    @BeforeAll
    static void synthTheAppWithEveryOption() {
        App app = new App();
        withAll = InfraApp.build(
                app, SynthesizedApp.SETTINGS.withDisasterRecovery(ALL), SynthesizedApp.TOPOLOGY, Optional.empty());
        Aspects.of(app).add(new AwsSolutionsChecks());
        nagFindings = SynthesizedApp.nagFindings(app.synth());
    }

    @Test
    void theDefaultAppReplicatesNothingAcrossRegionsAndHasNoFailoverRecords() {
        var stacks = SynthesizedApp.stacks();
        assertThat(stacks.failover()).isEmpty();
        assertThat(props(single(Template.fromStack(stacks.data()), "AWS::RDS::DBInstance")))
                .doesNotContainKey("AutomaticBackupReplicationRegion");
        assertThat(resources(Template.fromStack(stacks.streaming()), "AWS::S3::Bucket")
                        .values())
                .allSatisfy(bucket -> assertThat(props(bucket)).doesNotContainKey("ReplicationConfiguration"));
    }

    @Test
    void rdsReplicatesItsAutomatedBackupsToTheOtherRegionEncryptedWithThatRegionsKey() {
        Template.fromStack(withAll.data())
                .hasResourceProperties(
                        "AWS::RDS::DBInstance",
                        Map.of(
                                "AutomaticBackupReplicationRegion",
                                "us-west-2",
                                "AutomaticBackupReplicationKmsKeyId",
                                BACKUP_KEY,
                                "BackupRetentionPeriod",
                                7));
    }

    @Test
    void theArchiveReplicatesToAVersionedBucketInAnotherRegionWithARoleThatMayDoOnlyThat() {
        var template = Template.fromStack(withAll.streaming());
        template.hasResourceProperties(
                "AWS::S3::Bucket",
                Map.of(
                        "VersioningConfiguration",
                        Map.of("Status", "Enabled"),
                        "ReplicationConfiguration",
                        Match.objectLike(Map.of(
                                "Rules",
                                List.of(Match.objectLike(Map.of(
                                        "Status", "Enabled",
                                        "DeleteMarkerReplication", Map.of("Status", "Disabled"),
                                        "SourceSelectionCriteria",
                                                Map.of("SseKmsEncryptedObjects", Map.of("Status", "Enabled")),
                                        "Destination",
                                                Map.of(
                                                        "Bucket",
                                                        REPLICA_BUCKET,
                                                        "EncryptionConfiguration",
                                                        Map.of("ReplicaKmsKeyID", REPLICA_KEY)))))))));

        var replication = statements(template, "AWS::IAM::Policy", "PolicyDocument").stream()
                .filter(st -> st.get("Action").toString().contains("s3:Replicate")
                        || st.get("Action").toString().contains("Replication")
                        || st.get("Resource").toString().contains(REPLICA_KEY))
                .toList();
        assertThat(replication)
                .anySatisfy(st -> assertThat(st.get("Resource")).isEqualTo(REPLICA_BUCKET + "/*"))
                .anySatisfy(st -> {
                    assertThat(st.get("Action")).isEqualTo("kms:Encrypt");
                    assertThat(st.get("Resource")).isEqualTo(REPLICA_KEY);
                    assertThat(st.get("Condition").toString()).contains("s3.eu-west-1.amazonaws.com");
                })
                .allSatisfy(st -> {
                    assertThat(st.get("Action").toString()).doesNotContain("*");
                    assertThat(st.get("Resource")).isNotEqualTo("*");
                });
    }

    @Test
    void route53AnswersWithThePrimaryLoadBalancerWhileItsReadyzPassesAndWithTheStandbyOtherwise() {
        var template = Template.fromStack(withAll.failover().orElseThrow());
        template.hasResourceProperties(
                "AWS::Route53::HealthCheck",
                Map.of(
                        "HealthCheckConfig",
                        Match.objectLike(Map.of(
                                "Type",
                                "HTTPS",
                                "ResourcePath",
                                "/readyz",
                                "Port",
                                443,
                                "FailureThreshold",
                                FailoverDnsStack.FAILURE_THRESHOLD))));
        template.hasResourceProperties(
                "AWS::Route53::RecordSet",
                Map.of(
                        "Name", "orders.example.com",
                        "Failover", "PRIMARY",
                        "HealthCheckId", Match.anyValue(),
                        "HostedZoneId", "Z0123456789ABCDEFGHIJ"));
        template.hasResourceProperties(
                "AWS::Route53::RecordSet",
                Map.of(
                        "Name", "orders.example.com",
                        "Failover", "SECONDARY",
                        "ResourceRecords", List.of("orders-standby.example.com")));
        template.resourceCountIs("AWS::Route53::RecordSet", 2);
    }

    @Test
    void everyOptionTogetherPassesCdkNag() {
        assertThat(nagFindings).isEmpty();
    }

    @Test
    void halfAnOptionOrAKeyInTheWrongRegionFailsSynthWithTheReason() {
        assertThatThrownBy(() -> new DisasterRecoveryOptions(
                        Optional.of("us-west-2"),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
                .hasMessageContaining("dbBackupReplicationKmsKeyArn");
        assertThatThrownBy(() -> new DisasterRecoveryOptions(
                        Optional.of("us-west-2"),
                        Optional.of(REPLICA_KEY),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
                .hasMessageContaining("must be a key in us-west-2");
        assertThatThrownBy(() -> SynthesizedApp.SETTINGS.withDatabase(false, 0).withDisasterRecovery(ALL))
                .hasMessageContaining("needs automated backups");
    }

    private static Map<String, Object> single(Template template, String type) {
        var all = resources(template, type);
        assertThat(all).hasSize(1);
        return all.values().iterator().next();
    }
}

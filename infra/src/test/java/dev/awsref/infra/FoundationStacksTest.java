package dev.awsref.infra;

import static dev.awsref.infra.TemplateReader.props;
import static dev.awsref.infra.TemplateReader.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** Network, data and auth stacks: the parts that do not come from the topology model. */
class FoundationStacksTest {

    private final InfraApp.Stacks stacks = SynthesizedApp.stacks();

    @Test
    void theVpcSpansTwoZonesWithOneNatGatewayAndIsolatedDataSubnets() {
        var t = SynthesizedApp.template(stacks.network());
        t.resourceCountIs("AWS::EC2::NatGateway", 1);
        t.resourceCountIs("AWS::EC2::Subnet", 6); // public, services, data in each of two zones
        t.resourceCountIs("AWS::EC2::FlowLog", 1);
    }

    @Test
    void postgresIsEncryptedBackedUpAndItsPasswordIsInSecretsManager() {
        var t = SynthesizedApp.template(stacks.data());
        t.hasResourceProperties(
                "AWS::RDS::DBInstance",
                Map.of(
                        "Engine",
                        "postgres",
                        "StorageEncrypted",
                        true,
                        "MultiAZ",
                        false,
                        "BackupRetentionPeriod",
                        7,
                        "DeletionProtection",
                        true,
                        "PubliclyAccessible",
                        false,
                        "MasterUserPassword",
                        Match.objectLike(Map.of("Fn::Join", Match.anyValue()))));
        assertThat(resources(t, "AWS::RDS::DBInstance").toString()).contains("resolve:secretsmanager");
        t.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("Name", "prod-postgres-credentials"));
    }

    @Test
    void redisEncryptsInTransitAndAtRestAndTakesItsAuthTokenFromSecretsManager() {
        var t = SynthesizedApp.template(stacks.data());
        var redis = props(resources(t, "AWS::ElastiCache::ReplicationGroup")
                .values()
                .iterator()
                .next());
        assertThat(redis)
                .containsEntry("TransitEncryptionEnabled", true)
                .containsEntry("AtRestEncryptionEnabled", true)
                .containsEntry("AutomaticFailoverEnabled", true);
        assertThat(redis.get("AuthToken").toString()).contains("resolve:secretsmanager");
    }

    @Test
    void multiAzAndBackupRetentionAreContextOptions() {
        var settings = new InfraSettings(
                "ha",
                java.util.Optional.empty(),
                2,
                true,
                30,
                false,
                java.util.Optional.empty(),
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
        var network = new NetworkStack(app, "N", null, settings);
        var data = new DataStack(app, "D", null, settings, network);
        SynthesizedApp.template(data)
                .hasResourceProperties("AWS::RDS::DBInstance", Map.of("MultiAZ", true, "BackupRetentionPeriod", 30));
        SynthesizedApp.template(network).resourceCountIs("AWS::EC2::NatGateway", 2);
    }

    @Test
    void theUserPoolIsInviteOnlyWithMfaAndAPublicClientForTheOrderApi() {
        var t = SynthesizedApp.template(stacks.auth());
        t.hasResourceProperties(
                "AWS::Cognito::UserPool",
                Map.of("AdminCreateUserConfig", Map.of("AllowAdminCreateUserOnly", true), "MfaConfiguration", "ON"));
        t.hasResourceProperties(
                "AWS::Cognito::UserPoolClient", Map.of("ClientName", "prod-order-api", "GenerateSecret", false));
    }

    @Test
    void machineCallersGetTheScopesTheServicesCheckThroughTheClientCredentialsGrant() {
        var t = SynthesizedApp.template(stacks.auth());
        t.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", Map.of("Identifier", "orders"));
        t.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", Map.of("Identifier", "analytics"));
        var machine = TemplateReader.resources(t, "AWS::Cognito::UserPoolClient").values().stream()
                .map(TemplateReader::props)
                .filter(p -> "prod-machine-callers".equals(p.get("ClientName")))
                .findFirst()
                .orElseThrow();
        assertThat(machine).containsEntry("GenerateSecret", true);
        assertThat(machine.get("AllowedOAuthFlows")).isEqualTo(java.util.List.of("client_credentials"));
        assertThat(machine.get("AllowedOAuthScopes").toString())
                .as("each scope is <resource server>/<scope>")
                .contains("/ship", "/ingest", "/operations");
        var users = TemplateReader.resources(t, "AWS::Cognito::UserPoolClient").values().stream()
                .map(TemplateReader::props)
                .filter(p -> "prod-order-api".equals(p.get("ClientName")))
                .findFirst()
                .orElseThrow();
        assertThat(users)
                .as("users sign in with SRP only: no implicit grant, no placeholder callback")
                .doesNotContainKeys("AllowedOAuthFlows", "CallbackURLs");
        t.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
    }
}

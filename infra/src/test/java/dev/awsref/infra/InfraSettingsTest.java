package dev.awsref.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.infra.deploy.DeploymentPolicy;
import dev.awsref.infra.deploy.InvalidDeploymentPolicyException;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

class InfraSettingsTest {

    private static InfraSettings fromContext(Map<String, Object> context) {
        return InfraSettings.fromContext(
                new App(AppProps.builder().context(context).build()).getNode());
    }

    @Test
    void contextOptionsOverrideTheDefaults() {
        var settings = fromContext(Map.of(
                "env", "prod",
                "natGateways", "2",
                "dbMultiAz", "true",
                "kinesisMode", "ON_DEMAND",
                "deploymentPolicy", "TrafficSplitting",
                "newVersionPercent", "20",
                "evaluationTime", "10m"));
        assertThat(settings.names().physical("order-events")).isEqualTo("prod-order-events");
        assertThat(settings.natGateways()).isEqualTo(2);
        assertThat(settings.dbMultiAz()).isTrue();
        assertThat(settings.kinesisOnDemand()).isTrue();
        assertThat(settings.deploymentPolicy())
                .isEqualTo(new DeploymentPolicy.TrafficSplitting(20, java.time.Duration.ofMinutes(10)));
    }

    @Test
    void withoutContextItIsACheapDevEnvironment() {
        var settings = fromContext(Map.of());
        assertThat(settings.env()).isEqualTo("dev");
        assertThat(settings.natGateways()).isEqualTo(1);
        assertThat(settings.dbMultiAz()).isFalse();
        assertThat(settings.deploymentPolicy().name()).isEqualTo("Rolling");
    }

    @Test
    void theLongestEnvPrefixFollowsTheLongestServiceIdTheModelDeclares() {
        // "-notification-service-b" is the longest environment suffix of the reference model
        assertThat(InfraSettings.MAX_ENV_LENGTH).isEqualTo(40 - "-notification-service-b".length());
        var orderOnly = Topology.builder()
                .service(ServiceSpec.of(ServiceName.ORDER, 8081, 9081))
                .build();
        assertThat(InfraSettings.maxEnvLength(orderOnly)).isEqualTo(40 - "-order-service-b".length());
    }

    @Test
    void badValuesFailTheSynthBeforeAnyResourceIsDeclared() {
        assertThatThrownBy(() -> fromContext(Map.of("deploymentPolicy", "Immutable", "batchSize", "30%")))
                .isInstanceOf(InvalidDeploymentPolicyException.class);
        assertThatThrownBy(() -> fromContext(Map.of("env", "Prod"))).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> fromContext(Map.of("env", "a-very-long-environment")))
                .hasMessageContaining("at most 40");
        assertThatThrownBy(() -> fromContext(Map.of("natGateways", "3"))).hasMessageContaining("1 or 2");
    }

    @Test
    void noNatGatewayIsRefusedBecauseTheInstancesWouldHaveNoRouteToAws() {
        assertThatThrownBy(() -> fromContext(Map.of("natGateways", "0")))
                .hasMessageContaining("natGateways must be 1 or 2")
                .hasMessageContaining("Elastic Beanstalk")
                .hasMessageContaining("VPC endpoints");
    }
}

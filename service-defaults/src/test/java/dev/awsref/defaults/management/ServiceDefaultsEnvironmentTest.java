package dev.awsref.defaults.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class ServiceDefaultsEnvironmentTest {

    @Test
    void aServiceListensOnTheModelsPortsWithManagementOnLoopback() {
        var defaults = ServiceDefaultsEnvironment.defaults(
                ReferenceTopology.definition().service(ServiceName.NOTIFICATION));

        assertThat(defaults)
                .containsEntry("server.port", "${PORT:8082}")
                .containsEntry("management.server.port", "${MANAGEMENT_PORT:9082}")
                .containsEntry("management.server.address", "${MANAGEMENT_ADDRESS:127.0.0.1}")
                .containsEntry("management.endpoint.health.group.readiness.additional-path", "server:/readyz")
                .containsEntry("spring.cloud.aws.sqs.queue-not-found-strategy", "fail");
    }

    @Test
    void whatTheServiceSaysWinsOverTheDefaults() {
        var environment = new MockEnvironment()
                .withProperty("spring.application.name", "order-service")
                .withProperty("server.port", "1234");

        new ServiceDefaultsEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.port")).isEqualTo("1234");
        assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void anApplicationTheModelDoesNotDeclareGetsNothing() {
        var environment = new MockEnvironment().withProperty("spring.application.name", "something-else");

        new ServiceDefaultsEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().contains(ServiceDefaultsEnvironment.SOURCE_NAME))
                .isFalse();
    }
}

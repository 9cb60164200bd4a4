package dev.awsref.defaults.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.aot.AotTraining;
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

    @Test
    void theTrainingProfileNamesTheDatabaseAndIssuerOverWhatTheServiceSaysAndMigratesNothing() {
        var environment = new MockEnvironment()
                .withProperty("spring.application.name", "order-service")
                .withProperty("spring.datasource.url", "jdbc:postgresql://db.internal/orders")
                .withProperty("spring.flyway.enabled", "true");
        environment.setActiveProfiles(AotTraining.PROFILE);

        new ServiceDefaultsEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.datasource.url")).endsWith(".invalid/none");
        assertThat(environment.getProperty("spring.flyway.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("server.port")).isEqualTo("0");
    }

    @Test
    void withoutTheTrainingProfileNothingIsSwitchedOff() {
        var environment = new MockEnvironment().withProperty("spring.application.name", "order-service");
        environment.setActiveProfiles("local");

        new ServiceDefaultsEnvironment().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getPropertySources().contains(ServiceDefaultsEnvironment.TRAINING_SOURCE_NAME))
                .isFalse();
    }
}

package dev.awsref.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.ComposeSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml configures order through environment variables; each must be one
 * this service reads (its configuration metadata, its placeholders, or the AWS SDK's own), or the
 * setting silently does nothing in the one mode no build machine here can run.
 */
class DockerComposeSettingsTest {

    @Test
    void everyVariableComposeSetsIsOneThisServiceReads() {
        var settings = ComposeSettings.of("order-service");

        assertThat(settings.environment()).isNotEmpty();
        assertThat(settings.unreadKeys()).isEmpty();
    }

    @Test
    void aMisspelledKeyOrOneSpringBootNoLongerReadsIsNamed() {
        var settings = ComposeSettings.of(
                "order-service",
                Map.of(
                        "SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/orders",
                        "SPRING_DATASOURCE_URI", "jdbc:postgresql://postgres:5432/orders",
                        "SPRING_REDIS_HOST", "redis",
                        "MANAGEMENT_ADDRESS", "0.0.0.0",
                        "AWS_REGION", "us-east-1"));

        assertThat(settings.unreadKeys())
                .hasSize(2)
                .anySatisfy(reason -> assertThat(reason).startsWith("order-service: SPRING_DATASOURCE_URI binds to no"))
                .anySatisfy(reason -> assertThat(reason).startsWith("order-service: SPRING_REDIS_HOST binds to no"));
    }
}

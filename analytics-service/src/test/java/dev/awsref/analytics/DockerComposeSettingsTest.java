package dev.awsref.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.testsupport.ComposeSettings;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml configures analytics through environment variables; each must be one
 * this service reads (its configuration metadata, its placeholders, or the AWS SDK's own), or the
 * setting silently does nothing in the one mode no build machine here can run.
 */
class DockerComposeSettingsTest {

    @Test
    void everyVariableComposeSetsIsOneThisServiceReads() {
        var settings = ComposeSettings.of("analytics-service");

        assertThat(settings.environment()).isNotEmpty();
        assertThat(settings.unreadKeys()).isEmpty();
    }
}

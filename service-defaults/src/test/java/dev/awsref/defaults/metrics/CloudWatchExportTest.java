package dev.awsref.defaults.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.metrics.CloudWatchExportAutoConfiguration;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The services' meters go to CloudWatch only where the CDK app asks for it: Spring Cloud AWS's
 * CloudWatch export is built when {@code management.cloudwatch.metrics.export.namespace} is set
 * (EnvironmentOptionSettings sets it per service on Elastic Beanstalk) and not otherwise, so
 * nothing leaves a laptop or a test. There is no CloudWatch emulator here (fauxqs, kinesis-local
 * and dynalite have none), so the endpoint is a plain HTTP server in this test that records what
 * the real registry and the real CloudWatch client send to it.
 */
class CloudWatchExportTest {

    private static final String NAMESPACE = "prod-order-service";

    private LocalCloudWatchEndpoint cloudWatch;

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MetricsAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    CredentialsProviderAutoConfiguration.class,
                    RegionProviderAutoConfiguration.class,
                    AwsAutoConfiguration.class,
                    CloudWatchExportAutoConfiguration.class))
            .withPropertyValues(
                    "spring.cloud.aws.region.static=eu-west-1",
                    "spring.cloud.aws.credentials.access-key=test",
                    "spring.cloud.aws.credentials.secret-key=test");

    @BeforeEach
    void aCloudWatchEndpointThatRecordsItsRequests() {
        cloudWatch = LocalCloudWatchEndpoint.start();
    }

    @AfterEach
    void stop() {
        cloudWatch.close();
    }

    @Test
    void withoutANamespaceThereIsNoCloudWatchRegistry() {
        service.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(CloudWatchMeterRegistry.class);
        });
        assertThat(cloudWatch.requests()).isEmpty();
    }

    @Test
    void withTheNamespaceTheCdkAppSetsTheMetersArePublishedUnderItToTheGivenEndpoint() {
        service.withPropertyValues(
                        "management.cloudwatch.metrics.export.namespace=" + NAMESPACE,
                        "spring.cloud.aws.cloudwatch.endpoint=" + cloudWatch.url())
                .run(context -> {
                    assertThat(context).hasSingleBean(CloudWatchMeterRegistry.class);
                    context.getBean(MeterRegistry.class)
                            .counter("orders.placed")
                            .increment(3);
                    // A push registry publishes what it has when it closes, as a service does at shutdown.
                    context.getBean(CloudWatchMeterRegistry.class).close();
                });

        assertThat(cloudWatch.requests())
                .anySatisfy(request -> assertThat(request)
                        .contains("PutMetricData")
                        .contains(NAMESPACE)
                        .contains("orders.placed"));
    }
}

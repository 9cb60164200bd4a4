package dev.awsref.defaults.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.metrics.ServiceMeter;
import dev.awsref.platform.metrics.ServiceMeter.CloudWatchMetric;
import dev.awsref.platform.topology.ServiceName;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.metrics.CloudWatchAsyncClientCustomizer;
import io.awspring.cloud.autoconfigure.metrics.CloudWatchExportAutoConfiguration;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricDataRequest;

/**
 * The CDK app's dashboard asks CloudWatch for the services' meters by the names and dimensions in
 * platform's {@link ServiceMeter}; CloudWatch finds a metric only by its exact name and its whole
 * set of dimension names. This test has the real CloudWatch export (Spring Cloud AWS, Micrometer's
 * CloudWatch registry, the SDK's client) publish every meter a service registers, with the common
 * {@code service} tag the services set, and reads the PutMetricData requests the client sends: what
 * they hold must be exactly what {@link ServiceMeter#cloudWatchMetrics(String)} says, suffixes
 * ({@code .count}, {@code .value}, a timer's {@code .sum/.count/.avg/.max}) and dimensions included.
 * The requests are read from the SDK's own request objects (the wire format is CBOR); the endpoint
 * is a plain HTTP server here, as there is no CloudWatch emulator.
 */
class CloudWatchMetricNamesTest {

    private final List<PutMetricDataRequest> published = new CopyOnWriteArrayList<>();
    private LocalCloudWatchEndpoint cloudWatch;

    @BeforeEach
    void aCloudWatchEndpointThatAcceptsEverything() {
        cloudWatch = LocalCloudWatchEndpoint.start();
    }

    @AfterEach
    void stop() {
        cloudWatch.close();
    }

    @ParameterizedTest
    @EnumSource(ServiceName.class)
    void everyMeterAServiceRegistersReachesCloudWatchUnderTheNameAndDimensionsTheDashboardAsksFor(ServiceName service) {
        String namespace = "prod-" + service.id();
        List<SystemMetric> meters = Arrays.stream(SystemMetric.values())
                .filter(m -> m.names().registeredBy().map(service::equals).orElse(true))
                .toList();

        serviceExportingTo(namespace, service).run(context -> {
            assertThat(context).hasSingleBean(CloudWatchMeterRegistry.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            meters.forEach(meter -> register(registry, meter));
            // A push registry publishes what it has when it closes, as a service does at shutdown.
            context.getBean(CloudWatchMeterRegistry.class).close();
        });

        Set<CloudWatchMetric> expected = meters.stream()
                .flatMap(m -> m.names().cloudWatchMetrics(namespace).stream())
                .collect(Collectors.toSet());
        assertThat(publishedMetrics()).isEqualTo(expected);
    }

    private ApplicationContextRunner serviceExportingTo(String namespace, ServiceName service) {
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof PutMetricDataRequest request) {
                    published.add(request);
                }
            }
        };
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        CredentialsProviderAutoConfiguration.class,
                        RegionProviderAutoConfiguration.class,
                        AwsAutoConfiguration.class,
                        CloudWatchExportAutoConfiguration.class))
                .withBean(
                        CloudWatchAsyncClientCustomizer.class,
                        () -> builder -> builder.overrideConfiguration(c -> c.addExecutionInterceptor(recorder)))
                .withPropertyValues(
                        "spring.cloud.aws.region.static=eu-west-1",
                        "spring.cloud.aws.credentials.access-key=test",
                        "spring.cloud.aws.credentials.secret-key=test",
                        "spring.cloud.aws.cloudwatch.endpoint=" + cloudWatch.url(),
                        // what the CDK app and service-defaults set on every instance
                        "management.cloudwatch.metrics.export.namespace=" + namespace,
                        "management.metrics.tags." + ServiceMeter.SERVICE_TAG + "=" + service.id());
    }

    /** Registers the meter as its service does, with a value for each of its tags and one event. */
    private static void register(MeterRegistry registry, SystemMetric meter) {
        Tags tags = meter.tags(
                meter.names().tagKeys().stream().map(key -> "some-" + key).toArray(String[]::new));
        switch (meter.names().kind()) {
            case COUNTER -> registry.counter(meter.meterName(), tags).increment();
            // A strong reference: a gauge's weakly held value may be collected, and a NaN is not published.
            case GAUGE ->
                Gauge.builder(meter.meterName(), () -> 1)
                        .tags(tags)
                        .strongReference(true)
                        .register(registry);
            case TIMER ->
                Timer.builder(meter.meterName()).tags(tags).register(registry).record(Duration.ofMillis(5));
        }
    }

    private Set<CloudWatchMetric> publishedMetrics() {
        Set<CloudWatchMetric> metrics = new HashSet<>();
        for (PutMetricDataRequest request : published) {
            request.metricData()
                    .forEach(datum -> metrics.add(new CloudWatchMetric(
                            request.namespace(),
                            datum.metricName(),
                            datum.dimensions().stream().map(Dimension::name).toList())));
        }
        return metrics;
    }
}

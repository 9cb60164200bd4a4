package dev.awsref.defaults.management;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceName;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * What Prometheus reads when it asks for OpenMetrics, with the service defaults: exemplars (trace
 * ids) stay on counters, but a timer's {@code _count} carries none, because Prometheus before
 * 2.43 (Debian 12's prometheus package, 2.42) rejects the whole scrape on such a line.
 */
class OpenMetricsScrapeTest {

    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    @Test
    void withTheServiceDefaultsATimersCountCarriesNoExemplarWhileACounterKeepsIts() {
        Map<String, Object> defaults = ServiceDefaultsEnvironment.defaults(
                ReferenceTopology.definition().service(ServiceName.ORDER));
        String[] prometheusDefaults = defaults.entrySet().stream()
                .filter(e -> e.getKey().startsWith("management.prometheus."))
                .map(e -> e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        assertThat(prometheusDefaults).isNotEmpty();

        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class))
                .withBean(SpanContext.class, SampledSpan::new)
                .withPropertyValues(prometheusDefaults)
                .run(context -> {
                    var registry = context.getBean(PrometheusMeterRegistry.class);
                    Timer.builder("work").register(registry).record(Duration.ofMillis(5));
                    registry.counter("jobs").increment();

                    String scrape = registry.scrape(OPEN_METRICS);

                    assertThat(scrape.lines().filter(line -> line.startsWith("jobs_total")))
                            .singleElement()
                            .asString()
                            .contains("# {span_id=\"00f067aa0ba902b7\",trace_id=\"4bf92f3577b34da6a3ce929d0e0e4736\"}");
                    assertThat(scrape.lines().filter(line -> line.startsWith("work_seconds_count")))
                            .singleElement()
                            .asString()
                            .doesNotContain("#");
                });
    }

    /** The span a request would be in: sampled, so the registry may take it as an exemplar. */
    static final class SampledSpan implements SpanContext {

        @Override
        public String getCurrentTraceId() {
            return "4bf92f3577b34da6a3ce929d0e0e4736";
        }

        @Override
        public String getCurrentSpanId() {
            return "00f067aa0ba902b7";
        }

        @Override
        public boolean isCurrentSpanSampled() {
            return true;
        }

        @Override
        public void markCurrentSpanAsExemplar() {
            // Nothing to mark: there is no tracer in this test, only the span's ids.
        }
    }
}

package dev.awsref.defaults.management;

import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.platform.aot.AotTraining;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The settings every service shares, added behind everything else so that a service's
 * application.yml, a profile or an environment variable still wins. The ports come from the
 * service's declaration in the topology model ({@code spring.application.name} says which).
 *
 * <ul>
 *   <li>the API on {@code PORT} (Elastic Beanstalk's nginx proxies to it), else the model's port;
 *   <li>actuator on its own port, bound to loopback unless {@code MANAGEMENT_ADDRESS} says
 *       otherwise, so operations endpoints are never public by accident; {@code /livez} and
 *       {@code /readyz} on the API port say UP or DOWN and nothing else, for the load balancer;
 *   <li>graceful shutdown within 25 s, inside the 30 s a platform gives before it kills;
 *   <li>SQS queues are never created at run time: the provisioner or the CDK app owns them;
 *   <li>a slow listener's message stays invisible: every 10 s its visibility is set to 30 s from
 *       now ({@code app.listeners.visibility.*});
 *   <li>traces: one request in ten sampled unless {@code TRACING_SAMPLING_PROBABILITY} says otherwise
 *       (the local profiles say 1.0); exported only where asked: to Zipkin with {@code
 *       MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED=true} (and {@code MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT}),
 *       by OTLP once {@code MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT} names a collector;
 *       the SQS listeners continue the trace a message carries; OTLP metrics only with {@code
 *       OTEL_METRICS_EXPORT=true}. See docs/tracing.md.
 * </ul>
 *
 * <p>With the profile {@link AotTraining#PROFILE} (the offline training run of a JDK AOT cache in
 * the Docker build and on an Elastic Beanstalk instance), {@link #offlineTraining()} comes before
 * everything else instead.
 */
public class ServiceDefaultsEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "serviceDefaults";
    static final String TRAINING_SOURCE_NAME = "aotTrainingOffline";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String name = environment.getProperty("spring.application.name");
        ReferenceTopology.definition()
                .findService(name)
                .ifPresent(service -> environment
                        .getPropertySources()
                        .addLast(new MapPropertySource(SOURCE_NAME, defaults(service))));
        if (environment.matchesProfiles(AotTraining.PROFILE)) {
            environment.getPropertySources().addFirst(new MapPropertySource(TRAINING_SOURCE_NAME, offlineTraining()));
        }
    }

    /**
     * A training run makes every bean and stops after the refresh, where nothing is reachable: what
     * would connect at start-up is switched off or only named, ahead of what the service's own
     * configuration says.
     */
    static Map<String, Object> offlineTraining() {
        Map<String, Object> p = new LinkedHashMap<>();
        // The real start migrates; the pool connects and the JWT decoder fetches its keys on first use.
        p.put("spring.flyway.enabled", "false");
        p.put("spring.sql.init.mode", "never");
        p.put("spring.datasource.url", "jdbc:postgresql://aot-training.invalid/none");
        p.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://aot-training.invalid");
        p.put("app.security.tokens.client-ids", "aot-training");
        // Made for a region (there is no instance metadata to ask), never called.
        p.put("spring.cloud.aws.region.static", "us-east-1");
        p.put("server.port", "0");
        p.put("management.server.port", "0");
        return p;
    }

    static Map<String, Object> defaults(ServiceSpec service) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", "${PORT:" + service.httpPort() + "}");
        p.put("server.shutdown", "graceful");
        p.put("spring.lifecycle.timeout-per-shutdown-phase", "25s");
        p.put("spring.threads.virtual.enabled", "true");
        p.put("management.server.port", "${MANAGEMENT_PORT:" + service.managementPort() + "}");
        p.put("management.server.address", "${MANAGEMENT_ADDRESS:127.0.0.1}");
        p.put("management.endpoints.web.exposure.include", "health,info,metrics,prometheus");
        // Every series says which service it comes from, whoever scrapes or exports it.
        p.put("management.metrics.tags.service", service.name().id());
        // Exemplars (trace ids) on counters and histogram buckets only, as OpenMetrics 1.0 allows,
        // not on every _count: Micrometer puts them there by default, and Prometheus before 2.43
        // (Debian 12's is 2.42, what ./dev up --metrics runs) then drops the whole scrape ("metric
        // name ..._count does not support exemplars", https://github.com/prometheus/prometheus/issues/12136).
        p.put(
                "management.prometheus.metrics.export.properties.io.prometheus.exporter.exemplarsOnAllMetricTypes",
                "false");
        // Actuator writes its JSON with Jackson 3. Jackson 2 is on analytics-service's class path
        // only because KCL depends on it, and Boot would then build a second, Jackson 2 mapper for
        // the endpoints that nothing uses (about 360 classes, 1-3 MB resident).
        p.put("management.endpoints.jackson2.isolated-object-mapper", "false");
        p.put("management.endpoint.health.probes.enabled", "true");
        for (String probe : new String[] {"liveness", "readiness"}) {
            String group = "management.endpoint.health.group." + probe;
            p.put(group + ".include", probe + "State");
            p.put(group + ".show-details", "never");
            p.put(group + ".additional-path", "server:/" + (probe.equals("liveness") ? "livez" : "readyz"));
        }
        p.put("spring.cloud.aws.sqs.queue-not-found-strategy", "fail");
        // The container logs every failed message at ERROR with a stack trace, on every receive;
        // the listener policy (DeadLetterPolicy) logs each failure itself, on one line.
        p.put("logging.level.io.awspring.cloud.sqs.listener.sink.AbstractMessageProcessingPipelineSink", "OFF");
        tracing(p);
        p.put("app.topology.prefix", "${APP_TOPOLOGY_PREFIX:}");
        p.put("app.topology.account-id", "${APP_TOPOLOGY_ACCOUNT_ID:" + EnvironmentTopology.EMULATOR_ACCOUNT_ID + "}");
        p.put("app.operations.username", "ops");
        p.put("app.operations.password", "${APP_OPERATIONS_PASSWORD:}");
        if (service.validatesTokens()) {
            // The app clients whose access tokens the API accepts; the CDK app sets the variable.
            p.put("app.security.tokens.client-ids", "${COGNITO_APP_CLIENT_ID:}");
        }
        return p;
    }

    private static void tracing(Map<String, Object> p) {
        p.put("management.tracing.sampling.probability", "${TRACING_SAMPLING_PROBABILITY:0.1}");
        // Boot's Zipkin exporter would otherwise post to localhost:9411 whether or not Zipkin runs.
        p.put("management.tracing.export.zipkin.enabled", "false");
        // Spring Cloud AWS observes SqsTemplate and @SqsListener only when asked; the listener's
        // observation continues the traceparent a message's attributes carry.
        p.put("spring.cloud.aws.sqs.observation-enabled", "true");
        // The OpenTelemetry starter also brings an OTLP metrics registry that pushes to
        // localhost:4318: off unless a collector is there (e.g. the ADOT collector on AWS).
        p.put("management.otlp.metrics.export.enabled", "${OTEL_METRICS_EXPORT:false}");
    }

    /** After the config files are read, so {@code spring.application.name} is known. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

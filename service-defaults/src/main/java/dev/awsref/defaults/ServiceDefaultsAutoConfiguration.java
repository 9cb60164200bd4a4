package dev.awsref.defaults;

import dev.awsref.defaults.aws.AwsClientFactory;
import dev.awsref.defaults.listener.DeadLetterPolicy;
import dev.awsref.defaults.listener.DeadLetterSender;
import dev.awsref.defaults.listener.ListenerDefaults;
import dev.awsref.defaults.listener.ListenerPoolSizing;
import dev.awsref.defaults.listener.ListenersFollowTheModel;
import dev.awsref.defaults.listener.VisibilityHeartbeat;
import dev.awsref.defaults.metrics.ListenerMeters;
import dev.awsref.defaults.metrics.QueueDepthGauges;
import dev.awsref.defaults.operations.OperationsConfiguration;
import dev.awsref.defaults.tokens.TokenSecurityConfiguration;
import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.defaults.tracing.TraceContexts;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import io.awspring.cloud.sqs.listener.MessageListenerContainerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Duration;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * What a service gets by depending on service-defaults: the bean {@code topology} (this
 * environment's names and ARNs for the model), one way of building AWS clients, and, where the
 * service consumes SQS, the listener policy (see {@link DeadLetterPolicy}) and the listener and
 * queue-depth meters ({@link ListenerMeters}, {@link QueueDepthGauges}). Management, probe and
 * shutdown defaults come from {@code ServiceDefaultsEnvironment}; the operations API's security
 * from {@link OperationsConfiguration}; the API's token security, for services whose model entry
 * validates tokens, from {@link TokenSecurityConfiguration}; the trace context where no framework
 * carries it, from {@link TraceContexts}.
 */
@AutoConfiguration(
        after = {
            RegionProviderAutoConfiguration.class,
            CredentialsProviderAutoConfiguration.class,
            SqsAutoConfiguration.class
        },
        // Its error controller replaces Boot's BasicErrorController, which backs off when one exists.
        beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@Import({OperationsConfiguration.class, TokenSecurityConfiguration.class})
public class ServiceDefaultsAutoConfiguration {

    /** ARNs in the client's region, so a topic ARN names the region the SNS client calls. */
    @Bean
    EnvironmentTopology topology(
            @Value("${spring.application.name}") String service,
            @Value("${app.topology.prefix:}") String prefix,
            @Value("${app.topology.account-id:" + EnvironmentTopology.EMULATOR_ACCOUNT_ID + "}") String accountId,
            AwsClientFactory clients) {
        return EnvironmentTopology.of(prefix, clients.region().id(), accountId, service);
    }

    @Bean
    TraceContexts traceContexts(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new TraceContexts(
                tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean
    AwsClientFactory awsClientFactory(
            Environment environment, AwsCredentialsProvider credentials, AwsRegionProvider regions) {
        return new AwsClientFactory(environment, credentials, regionOf(regions));
    }

    /** The configured region; us-east-1 (what the emulators use) when nothing names one. */
    static Region regionOf(AwsRegionProvider regions) {
        try {
            return regions.getRegion();
        } catch (SdkClientException none) {
            LoggerFactory.getLogger(ServiceDefaultsAutoConfiguration.class)
                    .warn("no AWS region configured (spring.cloud.aws.region.static or AWS_REGION); using us-east-1");
            return Region.US_EAST_1;
        }
    }

    /** The container's error page answers with a problem detail too. */
    @Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
            type = org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.boot.webmvc.error.ErrorController")
    static class ErrorPages {

        @Bean
        dev.awsref.defaults.web.ProblemErrorController problemErrorController() {
            return new dev.awsref.defaults.web.ProblemErrorController();
        }
    }

    /**
     * A bound on the API requests in flight ({@code app.api.max-in-flight}, 128 by default). It runs
     * just after Spring Security's chain (order -100), so a client over its rate limit gets its 429
     * without taking a place, and just inside the observation filter, so a 503 it answers is counted
     * in {@code http.server.requests}.
     */
    @Configuration(proxyBeanMethods = false)
    @org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
            type = org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type.SERVLET)
    static class InFlightLimit {

        static final int ORDER = -99;

        @Bean
        org.springframework.boot.web.servlet.FilterRegistrationBean<dev.awsref.defaults.web.InFlightLimitFilter>
                inFlightLimitFilter(@Value("${app.api.max-in-flight:128}") int maxInFlight, MeterRegistry meters) {
            var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(
                    new dev.awsref.defaults.web.InFlightLimitFilter(maxInFlight, meters));
            registration.setOrder(ORDER);
            return registration;
        }
    }

    /** Tomcat answers what it refuses itself as a problem detail too, not with its HTML error page. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory")
    static class TomcatErrors {

        @Bean
        org.springframework.boot.web.server.WebServerFactoryCustomizer<
                        org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory>
                problemErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                    host.setErrorReportValveClass(dev.awsref.defaults.web.ProblemErrorReportValve.class.getName());
                }
            });
        }
    }

    /** The listener policy, for services that receive from SQS. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(SqsAsyncClient.class)
    static class Listeners {

        @Bean
        DeadLetterPolicy deadLetterPolicy(EnvironmentTopology topology, SqsAsyncClient sqs, MeterRegistry meters) {
            return new DeadLetterPolicy(topology, new DeadLetterSender(sqs), meters);
        }

        @Bean(destroyMethod = "close")
        VisibilityHeartbeat visibilityHeartbeat(
                @Value("${app.listeners.visibility.extend-every:10s}") Duration every,
                @Value("${app.listeners.visibility.extend-to:30s}") Duration extendTo,
                MeterRegistry meters) {
            return new VisibilityHeartbeat(every, extendTo, meters);
        }

        @Bean
        ListenerMeters listenerMeters(EnvironmentTopology topology, MeterRegistry meters) {
            return new ListenerMeters(topology, meters);
        }

        /** Off only where a service runs with no queues at all (a test of its health probes). */
        @Bean
        @ConditionalOnProperty(name = "app.metrics.queue-depth.enabled", havingValue = "true", matchIfMissing = true)
        QueueDepthGauges queueDepthGauges(
                EnvironmentTopology topology,
                SqsAsyncClient sqs,
                MeterRegistry meters,
                @Value("${app.metrics.queue-depth.interval:30s}") Duration interval) {
            return new QueueDepthGauges(topology, sqs, meters, interval);
        }

        @Bean
        static ListenerDefaults listenerDefaults(
                @Value("${app.listeners.poll-timeout:20s}") Duration pollTimeout,
                @Value("${app.listeners.shutdown-timeout:20s}") Duration shutdownTimeout) {
            return new ListenerDefaults(pollTimeout, shutdownTimeout);
        }

        @Bean
        ListenersFollowTheModel listenersFollowTheModel(
                MessageListenerContainerRegistry registry, EnvironmentTopology topology) {
            return new ListenersFollowTheModel(registry, topology);
        }

        @Bean
        @ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
        static ListenerPoolSizing listenerPoolSizing(
                org.springframework.beans.factory.ObjectProvider<EnvironmentTopology> topology,
                @Value("${app.listeners.pool-headroom:6}") int headroom) {
            return new ListenerPoolSizing(topology, headroom);
        }
    }
}

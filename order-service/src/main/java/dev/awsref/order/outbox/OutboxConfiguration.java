package dev.awsref.order.outbox;

import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.defaults.tracing.TraceContexts;
import dev.awsref.order.resilience.Guarded;
import io.awspring.cloud.autoconfigure.sns.SnsClientCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.sns.SnsClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxConfiguration {

    /**
     * Resilience4j does the retrying; the SDK's own retries would multiply with it and hide
     * failures from the circuit breaker. Short timeouts: a relay pass should not hang.
     */
    @Bean
    SnsClientCustomizer snsWithoutSdkRetries() {
        return builder -> builder.overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(Duration.ofSeconds(5))
                .apiCallTimeout(Duration.ofSeconds(10)));
    }

    @Bean
    OutboxRelay outboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            SnsClient sns,
            EnvironmentTopology topology,
            Guarded guarded,
            OutboxProperties properties,
            MeterRegistry meters,
            TraceContexts traces,
            OutboxSignal signal) {
        var publisher = new SnsOutboxPublisher(sns, topology, guarded, traces);
        return new OutboxRelay(jdbc, transactions, publisher, properties, meters, signal);
    }

    @Bean
    OutboxCleanup outboxCleanup(JdbcClient jdbc, OutboxProperties properties, Clock clock) {
        return new OutboxCleanup(jdbc, properties, clock);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    @ConditionalOnProperty(name = "app.outbox.cleanup-enabled", havingValue = "true")
    static class CleanupSchedule {

        @Bean
        SchedulingConfigurer outboxCleanupSchedule(OutboxCleanup cleanup, OutboxProperties properties) {
            return registrar -> registrar.addFixedDelayTask(cleanup::cleanUp, properties.cleanupInterval());
        }
    }
}

package dev.awsref.analytics.ingest;

import dev.awsref.analytics.AnalyticsProperties;
import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

@Configuration(proxyBeanMethods = false)
class ProducerConfiguration {

    /** Closed before the Kinesis client, so shutdown sends what is buffered first. */
    @Bean(destroyMethod = "close")
    ActivityProducer activityProducer(
            @Qualifier("producerKinesisClient") KinesisAsyncClient kinesis,
            EnvironmentTopology names,
            AnalyticsProperties properties,
            MeterRegistry meters) {
        return new ActivityProducer(
                kinesis, names.stream(ReferenceTopology.USER_ACTIVITY_STREAM), properties.producer(), meters);
    }
}

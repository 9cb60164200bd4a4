package dev.awsref.analytics.aws;

import dev.awsref.defaults.aws.AwsClientFactory;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder;

/**
 * The async SDK clients KCL and the producer use, built the one way every client in the system is
 * built ({@link AwsClientFactory}: Spring Cloud AWS's region and credentials, an endpoint only
 * where configured). What is particular to them is here: HTTP/1.1 against a plain-http emulator,
 * and a producer client without SDK retries.
 */
@Configuration(proxyBeanMethods = false)
public class AwsAsyncClients {

    /** For KCL and the operations endpoints, with the SDK's standard retries. */
    @Bean(destroyMethod = "close")
    @Primary
    KinesisAsyncClient kinesisAsyncClient(AwsClientFactory clients) {
        return kinesis(clients).build();
    }

    /**
     * For the producer, with SDK retries off: the producer retries failed calls and failed entries
     * itself, with backoff, and two retry layers multiply the load on a struggling endpoint (a
     * timed-out PutRecords of 500 records was sent 4 times by the SDK, then again by the producer).
     * {@link ProducerKinesisClientCustomizer}s (a test's fault injector) are applied last.
     */
    @Bean(destroyMethod = "close")
    KinesisAsyncClient producerKinesisClient(
            AwsClientFactory clients, ObjectProvider<ProducerKinesisClientCustomizer> customizers) {
        return kinesis(clients)
                .overrideConfiguration(o -> {
                    o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallAttemptTimeout(Duration.ofSeconds(20));
                    customizers.orderedStream().forEach(c -> c.customize(o));
                })
                .build();
    }

    private static KinesisAsyncClientBuilder kinesis(AwsClientFactory clients) {
        // Kinesis' async client speaks HTTP/2 by default (SubscribeToShard needs it on AWS);
        // an emulator on plain http (kinesis-local on 4568) speaks HTTP/1.1 only.
        boolean plainHttp = clients.effectiveEndpoint("kinesis")
                .map(uri -> "http".equals(uri.getScheme()))
                .orElse(false);
        var http = NettyNioAsyncHttpClient.builder()
                .maxConcurrency(200)
                .connectionAcquisitionTimeout(Duration.ofSeconds(30))
                .protocol(plainHttp ? Protocol.HTTP1_1 : Protocol.HTTP2);
        return clients.configure(KinesisAsyncClient.builder(), "kinesis").httpClientBuilder(http);
    }

    @Bean(destroyMethod = "close")
    DynamoDbAsyncClient dynamoDbAsyncClient(AwsClientFactory clients) {
        return clients.configure(DynamoDbAsyncClient.builder(), "dynamodb")
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(100))
                .build();
    }

    /** KCL wants one even when its metrics are off (MetricsLevel NONE makes no calls). */
    @Bean(destroyMethod = "close")
    CloudWatchAsyncClient cloudWatchAsyncClient(AwsClientFactory clients) {
        return clients.configure(CloudWatchAsyncClient.builder(), "cloudwatch")
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .build();
    }
}

package dev.awsref.analytics.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The async SDK clients KCL and the producer use. Region and credentials come from Spring Cloud
 * AWS; an endpoint is set only when {@code spring.cloud.aws.<api>.endpoint} or {@code
 * spring.cloud.aws.endpoint} says so, and otherwise the SDK's default (AWS, or the standard
 * {@code AWS_ENDPOINT_URL_<API>} variables) applies: the same jar runs on AWS unchanged.
 */
@Configuration(proxyBeanMethods = false)
public class AwsAsyncClients {

    /** For KCL and the operations endpoints, with the SDK's standard retries. */
    @Bean(destroyMethod = "close")
    @Primary
    KinesisAsyncClient kinesisAsyncClient(
            Environment env, AwsCredentialsProvider credentials, AwsRegionProvider region) {
        return kinesis(env, credentials, region).build();
    }

    /**
     * For the producer, with SDK retries off: the producer retries failed calls and failed entries
     * itself, with backoff, and two retry layers multiply the load on a struggling endpoint (a
     * timed-out PutRecords of 500 records was sent 4 times by the SDK, then again by the producer).
     */
    @Bean(destroyMethod = "close")
    KinesisAsyncClient producerKinesisClient(
            Environment env, AwsCredentialsProvider credentials, AwsRegionProvider region) {
        return kinesis(env, credentials, region)
                .overrideConfiguration(o ->
                        o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallAttemptTimeout(Duration.ofSeconds(20)))
                .build();
    }

    private static software.amazon.awssdk.services.kinesis.KinesisAsyncClientBuilder kinesis(
            Environment env, AwsCredentialsProvider credentials, AwsRegionProvider region) {
        Optional<URI> endpoint = endpoint(env, "kinesis");
        // Kinesis' async client speaks HTTP/2 by default (SubscribeToShard needs it on AWS);
        // an emulator on plain http (kinesis-local on 4568) speaks HTTP/1.1 only.
        boolean plainHttp = effectiveEndpoint(endpoint, "KINESIS")
                .map(uri -> "http".equals(uri.getScheme()))
                .orElse(false);
        var http = NettyNioAsyncHttpClient.builder()
                .maxConcurrency(200)
                .connectionAcquisitionTimeout(Duration.ofSeconds(30))
                .protocol(plainHttp ? Protocol.HTTP1_1 : Protocol.HTTP2);
        return configure(KinesisAsyncClient.builder(), credentials, region, endpoint)
                .httpClientBuilder(http);
    }

    @Bean(destroyMethod = "close")
    DynamoDbAsyncClient dynamoDbAsyncClient(
            Environment env, AwsCredentialsProvider credentials, AwsRegionProvider region) {
        return configure(DynamoDbAsyncClient.builder(), credentials, region, endpoint(env, "dynamodb"))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(100))
                .build();
    }

    /** KCL wants one even when its metrics are off (MetricsLevel NONE makes no calls). */
    @Bean(destroyMethod = "close")
    CloudWatchAsyncClient cloudWatchAsyncClient(
            Environment env, AwsCredentialsProvider credentials, AwsRegionProvider region) {
        return configure(CloudWatchAsyncClient.builder(), credentials, region, endpoint(env, "cloudwatch"))
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .build();
    }

    private static <B extends AwsClientBuilder<B, ?> & AwsAsyncClientBuilder<B, ?>> B configure(
            B builder, AwsCredentialsProvider credentials, AwsRegionProvider region, Optional<URI> endpoint) {
        builder.credentialsProvider(credentials).region(regionOf(region));
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    /** The configured region; us-east-1 (what the emulators use) when nothing names one. */
    private static software.amazon.awssdk.regions.Region regionOf(AwsRegionProvider region) {
        try {
            return region.getRegion();
        } catch (software.amazon.awssdk.core.exception.SdkClientException none) {
            org.slf4j.LoggerFactory.getLogger(AwsAsyncClients.class)
                    .warn("no AWS region configured (spring.cloud.aws.region.static or AWS_REGION); using us-east-1");
            return software.amazon.awssdk.regions.Region.US_EAST_1;
        }
    }

    static Optional<URI> endpoint(Environment env, String api) {
        return Optional.ofNullable(env.getProperty("spring.cloud.aws." + api + ".endpoint"))
                .or(() -> Optional.ofNullable(env.getProperty("spring.cloud.aws.endpoint")))
                .filter(s -> !s.isBlank())
                .map(URI::create);
    }

    /** The endpoint the SDK will use: ours, else the SDK's environment variables, else AWS. */
    static Optional<URI> effectiveEndpoint(Optional<URI> configured, String api) {
        return configured
                .or(() -> Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL_" + api))
                        .map(URI::create))
                .or(() -> Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")).map(URI::create));
    }
}

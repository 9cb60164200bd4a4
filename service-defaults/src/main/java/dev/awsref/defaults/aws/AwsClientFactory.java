package dev.awsref.defaults.aws;

import dev.awsref.platform.aws.AwsClientSettings;
import java.net.URI;
import java.util.Optional;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * Builds the SDK clients that Spring Cloud AWS does not (Kinesis, DynamoDB async, CloudWatch for
 * KCL) the same way it builds its own: its region and credentials, and an endpoint only where
 * {@code spring.cloud.aws.<api>.endpoint} or {@code spring.cloud.aws.endpoint} names one. Tools
 * outside Spring go through the same {@link AwsClientSettings}, so there is one way to build a
 * client in the whole system.
 */
public class AwsClientFactory {

    private final Environment environment;
    private final AwsCredentialsProvider credentials;
    private final Region region;

    public AwsClientFactory(Environment environment, AwsCredentialsProvider credentials, Region region) {
        this.environment = environment;
        this.credentials = credentials;
        this.region = region;
    }

    /** Region, credentials and endpoint for {@code api} ({@code kinesis}, {@code dynamodb}, ...). */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder, String api) {
        return new AwsClientSettings(region, credentials, endpoint(api)).applyTo(builder);
    }

    /** The endpoint configured for {@code api}, if any; else the SDK's default applies. */
    public Optional<URI> endpoint(String api) {
        return Optional.ofNullable(environment.getProperty("spring.cloud.aws." + api + ".endpoint"))
                .or(() -> Optional.ofNullable(environment.getProperty("spring.cloud.aws.endpoint")))
                .filter(s -> !s.isBlank())
                .map(URI::create);
    }

    /**
     * The endpoint the SDK will call for {@code api}: ours, else the SDK's standard
     * {@code AWS_ENDPOINT_URL_<API>} / {@code AWS_ENDPOINT_URL} variables, else AWS (empty).
     */
    public Optional<URI> effectiveEndpoint(String api) {
        return endpoint(api)
                .or(() -> Optional.ofNullable(
                                System.getenv("AWS_ENDPOINT_URL_" + api.toUpperCase(java.util.Locale.ROOT)))
                        .map(URI::create))
                .or(() -> Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL")).map(URI::create));
    }

    public Region region() {
        return region;
    }
}

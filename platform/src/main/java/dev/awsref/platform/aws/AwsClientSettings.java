package dev.awsref.platform.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

/**
 * What every SDK client in the system is built with: a region, credentials, and an endpoint only
 * when one is configured (an emulator); without one the SDK's default applies, which is AWS unless
 * the standard {@code AWS_ENDPOINT_URL_<API>} variables say otherwise. Tools ({@link AwsClients})
 * and services (service-defaults' {@code AwsClientFactory}) both build through {@link #applyTo}.
 */
public record AwsClientSettings(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {

    public <B extends AwsClientBuilder<B, ?>> B applyTo(B builder) {
        builder.region(region).credentialsProvider(credentials);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }
}

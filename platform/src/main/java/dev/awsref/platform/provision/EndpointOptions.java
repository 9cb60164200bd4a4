package dev.awsref.platform.provision;

import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.topology.ResourceNames;
import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the commands reach AWS and which environment's names they use: a picocli mixin shared by
 * the provisioner and the demo ({@code @Mixin EndpointOptions options}).
 */
public final class EndpointOptions {

    @Option(
            names = "--prefix",
            defaultValue = "${env:TOPOLOGY_PREFIX:-local}",
            description = "Environment prefix for every name (default: ${DEFAULT-VALUE}); '' for none.")
    String prefix;

    @Option(
            names = "--region",
            defaultValue = "${env:AWS_REGION:-us-east-1}",
            description = "AWS region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--endpoint", description = "One endpoint for every API (LocalStack).")
    Optional<URI> endpoint;

    @Option(
            names = "--sns-endpoint",
            defaultValue = "${env:AWS_ENDPOINT_URL_SNS}",
            description = "SNS endpoint (default: $AWS_ENDPOINT_URL_SNS).")
    Optional<URI> sns;

    @Option(
            names = "--sqs-endpoint",
            defaultValue = "${env:AWS_ENDPOINT_URL_SQS}",
            description = "SQS endpoint (default: $AWS_ENDPOINT_URL_SQS).")
    Optional<URI> sqs;

    @Option(
            names = "--s3-endpoint",
            defaultValue = "${env:AWS_ENDPOINT_URL_S3}",
            description = "S3 endpoint (default: $AWS_ENDPOINT_URL_S3).")
    Optional<URI> s3;

    @Option(
            names = "--kinesis-endpoint",
            defaultValue = "${env:AWS_ENDPOINT_URL_KINESIS}",
            description = "Kinesis endpoint (default: $AWS_ENDPOINT_URL_KINESIS).")
    Optional<URI> kinesis;

    @Option(
            names = "--dynamodb-endpoint",
            defaultValue = "${env:AWS_ENDPOINT_URL_DYNAMODB}",
            description = "DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB).")
    Optional<URI> dynamodb;

    public AwsEndpoints endpoints() {
        return new AwsEndpoints(
                region,
                endpoint.or(() -> sns),
                endpoint.or(() -> sqs),
                endpoint.or(() -> s3),
                endpoint.or(() -> kinesis),
                endpoint.or(() -> dynamodb));
    }

    public ResourceNames names() {
        return new ResourceNames(prefix);
    }
}

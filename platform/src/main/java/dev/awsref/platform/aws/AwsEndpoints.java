package dev.awsref.platform.aws;

import java.net.URI;
import java.util.Optional;

/**
 * Where each AWS API is reached. Empty means "the SDK's default", which is the real AWS endpoint
 * unless the standard {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>} environment
 * variables say otherwise; so the same jar runs on AWS with nothing set. Emulators that each speak
 * only some APIs (fauxqs: SNS, SQS, S3; kinesis-local; dynalite) get one endpoint per API.
 */
public record AwsEndpoints(
        String region,
        Optional<URI> sns,
        Optional<URI> sqs,
        Optional<URI> s3,
        Optional<URI> kinesis,
        Optional<URI> dynamodb) {

    public static AwsEndpoints sdkDefaults(String region) {
        return new AwsEndpoints(
                region, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Endpoints by API name ({@code sns}, {@code sqs}, {@code s3}, {@code kinesis}, {@code dynamodb}); a missing one is the SDK's default. */
    public static AwsEndpoints of(String region, java.util.Map<String, URI> byApi) {
        return new AwsEndpoints(
                region,
                Optional.ofNullable(byApi.get("sns")),
                Optional.ofNullable(byApi.get("sqs")),
                Optional.ofNullable(byApi.get("s3")),
                Optional.ofNullable(byApi.get("kinesis")),
                Optional.ofNullable(byApi.get("dynamodb")));
    }

    /** One endpoint for every API, as LocalStack serves them. */
    public static AwsEndpoints single(String region, URI endpoint) {
        var e = Optional.of(endpoint);
        return new AwsEndpoints(region, e, e, e, e, e);
    }

    /** Whether any API is pointed somewhere other than AWS, i.e. at an emulator. */
    public boolean overridden() {
        return sns.isPresent() || sqs.isPresent() || s3.isPresent() || kinesis.isPresent() || dynamodb.isPresent();
    }
}

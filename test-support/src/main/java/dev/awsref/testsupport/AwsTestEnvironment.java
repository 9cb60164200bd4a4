package dev.awsref.testsupport;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS endpoints integration tests talk to, one per API, and where they came from. Obtain it
 * with {@link #get()}: the first call in a JVM decides, in this order,
 *
 * <ol>
 *   <li>explicit: {@code AWS_ENDPOINT_URL} (all APIs) and {@code AWS_ENDPOINT_URL_<API>} (one API),
 *       the AWS SDK's own variables, e.g. a LocalStack you run yourself;
 *   <li>LocalStack through Testcontainers, when a Docker engine answers;
 *   <li>the local emulators under {@code tools/} (fauxqs, kinesis-local, dynalite), started if they
 *       are not running.
 * </ol>
 *
 * Tests share the one environment and keep apart by creating their own uniquely prefixed resources.
 */
public record AwsTestEnvironment(Source source, String region, URI sns, URI sqs, URI s3, URI kinesis, URI dynamodb) {

    public enum Source {
        EXPLICIT,
        LOCALSTACK,
        LOCAL_EMULATORS
    }

    public static final String ACCESS_KEY = "test";
    public static final String SECRET_KEY = "test";

    private static volatile AwsTestEnvironment shared;

    public static AwsTestEnvironment get() {
        if (shared == null) {
            synchronized (AwsTestEnvironment.class) {
                if (shared == null) {
                    shared = resolve();
                }
            }
        }
        return shared;
    }

    private static AwsTestEnvironment resolve() {
        String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
        String all = System.getenv("AWS_ENDPOINT_URL");
        if (all != null || System.getenv("AWS_ENDPOINT_URL_SQS") != null) {
            return new AwsTestEnvironment(
                    Source.EXPLICIT,
                    region,
                    explicit("SNS", all),
                    explicit("SQS", all),
                    explicit("S3", all),
                    explicit("KINESIS", all),
                    explicit("DYNAMODB", all));
        }
        if (Docker.available()) {
            URI endpoint = LocalStack.start();
            return new AwsTestEnvironment(Source.LOCALSTACK, region, endpoint, endpoint, endpoint, endpoint, endpoint);
        }
        LocalEmulators emulators = LocalEmulators.ensureRunning();
        return new AwsTestEnvironment(
                Source.LOCAL_EMULATORS,
                region,
                emulators.sqsSnsS3(),
                emulators.sqsSnsS3(),
                emulators.sqsSnsS3(),
                emulators.kinesis(),
                emulators.dynamodb());
    }

    private static URI explicit(String api, String fallback) {
        String value = System.getenv("AWS_ENDPOINT_URL_" + api);
        if (value == null) {
            value = fallback;
        }
        if (value == null) {
            throw new IllegalStateException("AWS_ENDPOINT_URL_SQS is set but neither AWS_ENDPOINT_URL_" + api
                    + " nor AWS_ENDPOINT_URL is; set all of them or none");
        }
        return URI.create(value);
    }

    /**
     * Where each API is, by the name the SDK uses for it ({@code sns}, {@code sqs}, {@code s3},
     * {@code kinesis}, {@code dynamodb}): the bridge to the platform's {@code AwsEndpoints.of}, so
     * test code builds its clients in one line and the way services do.
     */
    public Map<String, URI> endpoints() {
        var endpoints = new LinkedHashMap<String, URI>();
        endpoints.put("sns", sns);
        endpoints.put("sqs", sqs);
        endpoints.put("s3", s3);
        endpoints.put("kinesis", kinesis);
        endpoints.put("dynamodb", dynamodb);
        return endpoints;
    }

    /** Spring Cloud AWS properties that point a Spring Boot test at this environment. */
    public Map<String, String> springProperties() {
        var properties = new LinkedHashMap<String, String>();
        properties.put("spring.cloud.aws.region.static", region);
        properties.put("spring.cloud.aws.credentials.access-key", ACCESS_KEY);
        properties.put("spring.cloud.aws.credentials.secret-key", SECRET_KEY);
        properties.put("spring.cloud.aws.sns.endpoint", sns.toString());
        properties.put("spring.cloud.aws.sqs.endpoint", sqs.toString());
        properties.put("spring.cloud.aws.s3.endpoint", s3.toString());
        properties.put("spring.cloud.aws.s3.path-style-access-enabled", "true");
        properties.put("spring.cloud.aws.kinesis.endpoint", kinesis.toString());
        properties.put("spring.cloud.aws.dynamodb.endpoint", dynamodb.toString());
        return properties;
    }
}

package dev.awsref.platform.aws;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Synchronous SDK clients for tools (the provisioner, test set-up, benchmarks). Services use the
 * clients Spring Cloud AWS configures; this class is for code that runs outside a Spring context.
 */
public final class AwsClients implements AutoCloseable {

    /** Emulators accept any credentials; these are only used when no real ones are configured. */
    private static final AwsCredentialsProvider EMULATOR_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final SnsClient sns;
    private final SqsClient sqs;
    private final S3Client s3;
    private final KinesisClient kinesis;
    private final DynamoDbClient dynamoDb;

    public AwsClients(AwsEndpoints endpoints) {
        AwsCredentialsProvider credentials = credentialsFor(endpoints);
        Region region = Region.of(endpoints.region());
        this.sns = configure(SnsClient.builder(), region, credentials, endpoints.sns())
                .build();
        this.sqs = configure(SqsClient.builder(), region, credentials, endpoints.sqs())
                .build();
        // Emulators serve buckets by path, not by virtual host.
        this.s3 = configure(S3Client.builder(), region, credentials, endpoints.s3())
                .forcePathStyle(endpoints.s3().isPresent())
                .build();
        this.kinesis = configure(KinesisClient.builder(), region, credentials, endpoints.kinesis())
                .build();
        this.dynamoDb = configure(DynamoDbClient.builder(), region, credentials, endpoints.dynamodb())
                .build();
    }

    private static AwsCredentialsProvider credentialsFor(AwsEndpoints endpoints) {
        boolean realCredentialsConfigured = System.getenv("AWS_ACCESS_KEY_ID") != null
                || System.getenv("AWS_PROFILE") != null
                || System.getProperty("aws.accessKeyId") != null;
        return endpoints.overridden() && !realCredentialsConfigured
                ? EMULATOR_CREDENTIALS
                : DefaultCredentialsProvider.builder().build();
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(
            B builder, Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint) {
        new AwsClientSettings(region, credentials, endpoint).applyTo(builder);
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(UrlConnectionHttpClient.builder());
        }
        return builder;
    }

    public SnsClient sns() {
        return sns;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public S3Client s3() {
        return s3;
    }

    public KinesisClient kinesis() {
        return kinesis;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    @Override
    public void close() {
        sns.close();
        sqs.close();
        s3.close();
        kinesis.close();
        dynamoDb.close();
    }
}

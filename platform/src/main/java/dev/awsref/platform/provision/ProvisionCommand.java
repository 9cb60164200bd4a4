package dev.awsref.platform.provision;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.topology.InvalidTopologyException;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * {@code java -jar platform-*-provisioner.jar --endpoint http://localhost:4566 --prefix local}:
 * creates the reference topology on an endpoint, or in the account the default credentials reach
 * when no endpoint is given. Safe to run again; it prints what it created, updated or left alone.
 */
@Command(
        name = "provision",
        mixinStandardHelpOptions = true,
        description = "Creates the system's topics, queues, subscriptions, bucket, stream and tables, idempotently.")
public final class ProvisionCommand implements Callable<Integer> {

    @Option(names = "--prefix", defaultValue = "local", description = "Environment prefix for every name (default: ${DEFAULT-VALUE}); '' for none.")
    String prefix;

    @Option(names = "--region", defaultValue = "${env:AWS_REGION:-us-east-1}", description = "AWS region (default: ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--endpoint", description = "One endpoint for every API (LocalStack).")
    Optional<URI> endpoint;

    @Option(names = "--sns-endpoint", defaultValue = "${env:AWS_ENDPOINT_URL_SNS}", description = "SNS endpoint (default: $AWS_ENDPOINT_URL_SNS).")
    Optional<URI> snsEndpoint;

    @Option(names = "--sqs-endpoint", defaultValue = "${env:AWS_ENDPOINT_URL_SQS}", description = "SQS endpoint (default: $AWS_ENDPOINT_URL_SQS).")
    Optional<URI> sqsEndpoint;

    @Option(names = "--s3-endpoint", defaultValue = "${env:AWS_ENDPOINT_URL_S3}", description = "S3 endpoint (default: $AWS_ENDPOINT_URL_S3).")
    Optional<URI> s3Endpoint;

    @Option(names = "--kinesis-endpoint", defaultValue = "${env:AWS_ENDPOINT_URL_KINESIS}", description = "Kinesis endpoint (default: $AWS_ENDPOINT_URL_KINESIS).")
    Optional<URI> kinesisEndpoint;

    @Option(names = "--dynamodb-endpoint", defaultValue = "${env:AWS_ENDPOINT_URL_DYNAMODB}", description = "DynamoDB endpoint (default: $AWS_ENDPOINT_URL_DYNAMODB).")
    Optional<URI> dynamodbEndpoint;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProvisionCommand()).execute(args));
    }

    @Override
    public Integer call() {
        var endpoints = new AwsEndpoints(
                region,
                endpoint.or(() -> snsEndpoint),
                endpoint.or(() -> sqsEndpoint),
                endpoint.or(() -> s3Endpoint),
                endpoint.or(() -> kinesisEndpoint),
                endpoint.or(() -> dynamodbEndpoint));
        try (var aws = new AwsClients(endpoints)) {
            var names = new ResourceNames(prefix);
            System.out.printf("provisioning the reference topology (prefix '%s', region %s)%n", prefix, region);
            var report = new Provisioner(aws, names, System.out).provision(ReferenceTopology.definition());
            System.out.println("done: " + report.summary());
            return 0;
        } catch (InvalidTopologyException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (SdkClientException e) {
            System.err.println("error: cannot reach AWS (" + firstLine(e.getMessage())
                    + "); is the emulator running? try tools/emulators.sh status");
            return 1;
        } catch (SdkServiceException e) {
            System.err.println("error: AWS refused a call: " + firstLine(e.getMessage()));
            return 1;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}

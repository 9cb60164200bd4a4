package dev.awsref.testsupport;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * One LocalStack container per JVM, stopped by Testcontainers' reaper when the JVM ends. Started
 * means ready for every API the tests use, Kinesis included: LocalStack installs its Kinesis engine
 * from npm on the first Kinesis call, so that call is part of start-up here, with a clear failure
 * when it cannot download (offline, or a proxy it was not told about).
 */
final class LocalStack {

    /** The last free community images are 4.x; newer ones need LOCALSTACK_AUTH_TOKEN. */
    static final String DEFAULT_IMAGE = "localstack/localstack:4.14.0";

    /** The APIs the system uses; the same list as docker-compose.yml's SERVICES. */
    static final String SERVICES = "sns,sqs,s3,kinesis,dynamodb";

    /**
     * A named Docker volume for LocalStack's lazily installed packages (its Kinesis engine), kept
     * across test runs so only the first one downloads it. Only {@code lib/} is shared: the rest of
     * {@code /var/lib/localstack} (tmp, logs) belongs to one container.
     */
    static final String PACKAGE_VOLUME = "awsref-localstack-lib";

    private static final Duration KINESIS_READY = Duration.ofMinutes(3);

    private LocalStack() {}

    static URI start() {
        String image =
                System.getenv().getOrDefault("LOCALSTACK_IMAGE", System.getProperty("localstack.image", DEFAULT_IMAGE));
        var container = new LocalStackContainer(
                        DockerImageName.parse(image).asCompatibleSubstituteFor("localstack/localstack"))
                .withEnv("SERVICES", SERVICES)
                .withCreateContainerCmdModifier(cmd -> withPackageVolume(cmd.getHostConfig()));
        for (String setting : List.of(
                "LOCALSTACK_AUTH_TOKEN",
                "OUTBOUND_HTTP_PROXY",
                "OUTBOUND_HTTPS_PROXY",
                "npm_config_proxy",
                "npm_config_https_proxy")) {
            String value = System.getenv(setting);
            if (value != null) {
                container.withEnv(setting, value);
            }
        }
        container.start();
        URI endpoint = container.getEndpoint();
        awaitKinesis(endpoint, container.getRegion());
        return endpoint;
    }

    private static void withPackageVolume(HostConfig host) {
        List<Bind> binds = new ArrayList<>(host.getBinds() == null ? List.of() : Arrays.asList(host.getBinds()));
        binds.add(new Bind(PACKAGE_VOLUME, new Volume("/var/lib/localstack/lib")));
        host.withBinds(binds);
    }

    private static void awaitKinesis(URI endpoint, String region) {
        try (var kinesis = KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(AwsTestEnvironment.ACCESS_KEY, AwsTestEnvironment.SECRET_KEY)))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60)))
                .build()) {
            await().atMost(KINESIS_READY)
                    .pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions()
                    .until(() -> kinesis.listStreams().streamNames() != null);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "LocalStack started but its Kinesis did not answer within " + KINESIS_READY.toMinutes()
                            + " min. LocalStack installs its Kinesis engine from npm on the first Kinesis call: offline,"
                            + " or behind a proxy, see docs/local-development.md (Docker: proxy and offline use)",
                    e);
        }
    }
}

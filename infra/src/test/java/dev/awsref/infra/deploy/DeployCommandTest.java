package dev.awsref.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The deploy command against a local endpoint that records its requests (see {@link RecordingEndpoint}). */
class DeployCommandTest {

    private static final String ENV = "prod-order-service";
    private static final String BUNDLE_KEY = "/" + RecordingEndpoint.BUCKET + "/" + ENV + "/v2.zip";

    @TempDir
    static Path dir;

    private static Path bundle;
    private RecordingEndpoint endpoint;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeAll
    static void credentialsAndBundle() throws IOException {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        bundle = Files.write(dir.resolve("order-service-bundle.zip"), new byte[] {'P', 'K', 5, 6});
    }

    @BeforeEach
    void start() throws IOException {
        endpoint = new RecordingEndpoint(ENV, "v1");
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private int deploy(String... extra) {
        var args = new ArrayList<>(List.of(
                "--service", "order-service",
                "--env", "prod",
                "--bundle", bundle.toString(),
                "--version-label", "v2",
                "--poll-interval", "0s",
                // No waiting in real time: health is judged on the first report after Ready.
                "--health-settle", "0s",
                "--health-grace", "0s",
                "--endpoint-url", endpoint.uri().toString()));
        args.addAll(List.of(extra));
        var command = new DeployCommand(new PrintStream(output, true, StandardCharsets.UTF_8), Clock.systemUTC());
        return new CommandLine(command).execute(args.toArray(String[]::new));
    }

    private java.util.List<RecordingEndpoint.Recorded> updates() {
        return endpoint.requests().stream()
                .filter(r -> r.operation().equals("UpdateEnvironment"))
                .toList();
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** UpdateEnvironment's option settings as {@code namespace/name -> value}. */
    private static Map<String, String> optionSettings(RecordingEndpoint.Recorded request) {
        var settings = new LinkedHashMap<String, String>();
        for (int i = 1; request.parameters().containsKey("OptionSettings.member." + i + ".Namespace"); i++) {
            String prefix = "OptionSettings.member." + i + ".";
            settings.put(
                    request.parameters().get(prefix + "Namespace") + "/"
                            + request.parameters().get(prefix + "OptionName"),
                    request.parameters().get(prefix + "Value"));
        }
        return settings;
    }

    @ParameterizedTest
    @ValueSource(strings = {"AllAtOnce", "Rolling", "RollingWithAdditionalBatch", "Immutable", "TrafficSplitting"})
    void anInPlacePolicyUploadsCreatesTheVersionUpdatesTheEnvironmentAndFollowsItToGreen(String policy) {
        int exit = deploy("--policy", policy);

        assertThat(exit).as(output()).isZero();
        assertThat(endpoint.operations())
                .containsExactly(
                        "DescribeEnvironments",
                        "CreateStorageLocation",
                        "S3 PUT " + BUNDLE_KEY,
                        "CreateApplicationVersion",
                        "UpdateEnvironment", // the policy's option settings
                        "DescribeEvents",
                        "DescribeEnvironmentHealth",
                        "DescribeEnvironments",
                        "UpdateEnvironment", // the new version
                        "DescribeEvents",
                        "DescribeEnvironmentHealth",
                        "DescribeEnvironments");
        assertThat(endpoint.first("CreateApplicationVersion").parameters())
                .containsEntry("ApplicationName", ENV)
                .containsEntry("VersionLabel", "v2")
                .containsEntry("SourceBundle.S3Bucket", RecordingEndpoint.BUCKET)
                .containsEntry("SourceBundle.S3Key", ENV + "/v2.zip");
        var update = endpoint.first("UpdateEnvironment");
        assertThat(update.parameters()).containsEntry("EnvironmentName", ENV).doesNotContainKey("VersionLabel");
        var deploy = updates().get(1);
        assertThat(deploy.parameters()).containsEntry("EnvironmentName", ENV).containsEntry("VersionLabel", "v2");
        assertThat(optionSettings(deploy)).isEmpty();
        var expected = new LinkedHashMap<String, String>();
        DeploymentPolicy.parse(policy, null, null, null)
                .optionSettings()
                .forEach(s -> expected.put(s.namespace() + "/" + s.optionName(), s.value()));
        assertThat(optionSettings(update)).isEqualTo(expected);
        assertThat(output()).contains("deployed v2 to " + ENV + " with " + policy);
    }

    @Test
    void rollingSendsTheBatchSizeItWasGiven() {
        assertThat(deploy("--policy", "Rolling", "--batch-size", "2")).isZero();
        assertThat(optionSettings(endpoint.first("UpdateEnvironment")))
                .containsEntry("aws:elasticbeanstalk:command/DeploymentPolicy", "Rolling")
                .containsEntry("aws:elasticbeanstalk:command/BatchSizeType", "Fixed")
                .containsEntry("aws:elasticbeanstalk:command/BatchSize", "2");
    }

    @Test
    void trafficSplittingSendsItsPercentAndEvaluationTime() {
        assertThat(deploy("--policy", "TrafficSplitting", "--new-version-percent", "25", "--evaluation-time", "15m"))
                .isZero();
        assertThat(optionSettings(endpoint.first("UpdateEnvironment")))
                .containsEntry("aws:elasticbeanstalk:trafficsplitting/NewVersionPercent", "25")
                .containsEntry("aws:elasticbeanstalk:trafficsplitting/EvaluationTime", "15");
    }

    @Test
    void blueGreenServesFromACloneWhileTheOwnedEnvironmentIsUpdatedThenSwapsBackAndRetiresTheClone() {
        int exit = deploy("--policy", "BlueGreen", "--rollback-window", "0s");

        assertThat(exit).as(output()).isZero();
        assertThat(endpoint.operations())
                .containsExactly(
                        "DescribeEnvironments",
                        "CreateStorageLocation",
                        "S3 PUT " + BUNDLE_KEY,
                        "CreateApplicationVersion",
                        "DescribeEnvironments", // no clone left by an earlier run
                        "CreateConfigurationTemplate",
                        "CreateEnvironment",
                        "DescribeEvents",
                        "DescribeEnvironmentHealth",
                        "DescribeEnvironments",
                        "SwapEnvironmentCNAMEs", // the clone serves
                        "DescribeEnvironments", // not swapped back by hand during the rollback window
                        "UpdateEnvironment", // the owned environment: AllAtOnce, it takes no traffic
                        "DescribeEvents",
                        "DescribeEnvironmentHealth",
                        "DescribeEnvironments",
                        "UpdateEnvironment", // the owned environment: the new version
                        "DescribeEvents",
                        "DescribeEnvironmentHealth",
                        "DescribeEnvironments",
                        "SwapEnvironmentCNAMEs", // the owned environment serves again
                        "TerminateEnvironment",
                        "DeleteConfigurationTemplate");
        assertThat(endpoint.first("CreateConfigurationTemplate").parameters())
                .containsEntry("TemplateName", "bg-v2")
                .containsEntry("EnvironmentId", "e-" + ENV.length());
        assertThat(endpoint.first("CreateEnvironment").parameters())
                .containsEntry("EnvironmentName", ENV + "-b")
                .containsEntry("TemplateName", "bg-v2")
                .containsEntry("VersionLabel", "v2");
        assertThat(endpoint.first("SwapEnvironmentCNAMEs").parameters())
                .containsEntry("SourceEnvironmentName", ENV)
                .containsEntry("DestinationEnvironmentName", ENV + "-b");
        assertThat(updates().getLast().parameters())
                .containsEntry("EnvironmentName", ENV)
                .containsEntry("VersionLabel", "v2");
        assertThat(endpoint.first("TerminateEnvironment").parameters()).containsEntry("EnvironmentName", ENV + "-b");
        assertThat(endpoint.requests())
                .filteredOn(r -> r.operation().equals("TerminateEnvironment"))
                .extracting(r -> r.parameters().get("EnvironmentName"))
                .as("the environment CloudFormation owns is never terminated")
                .containsOnly(ENV + "-b");
    }

    @Test
    void aFailedRollingDeployRedeploysThePreviousVersion() {
        endpoint.failVersion("v2");

        int exit = deploy("--policy", "Rolling");

        assertThat(exit).isEqualTo(1);
        assertThat(updates())
                .extracting(r -> r.parameters().get("VersionLabel"))
                .containsExactly(null, "v2", "v1");
        assertThat(output()).contains("rolling back " + ENV + " to v1").contains("Red");
    }

    @Test
    void aFailedImmutableDeployIsLeftToElasticBeanstalksOwnRollback() {
        endpoint.failVersion("v2");

        assertThat(deploy("--policy", "Immutable")).isEqualTo(1);
        assertThat(updates())
                .extracting(r -> r.parameters().get("VersionLabel"))
                .containsExactly(null, "v2");
    }

    @Test
    void aFailedBlueGreenCloneIsTerminatedAndNothingIsSwapped() {
        endpoint.failVersion("v2");

        assertThat(deploy("--policy", "BlueGreen")).isEqualTo(1);
        assertThat(endpoint.operations()).doesNotContain("SwapEnvironmentCNAMEs");
        assertThat(endpoint.first("TerminateEnvironment").parameters()).containsEntry("EnvironmentName", ENV + "-b");
    }

    @Test
    void invalidCombinationsAreRefusedBeforeAnyCall() {
        assertThat(deploy("--policy", "Immutable", "--batch-size", "30%")).isEqualTo(2);
        assertThat(deploy("--policy", "Rolling", "--batch-size", "0%")).isEqualTo(2);
        assertThat(deploy("--policy", "TrafficSplitting", "--evaluation-time", "1m"))
                .isEqualTo(2);
        assertThat(deploy("--policy", "Canary")).isEqualTo(2);
        assertThat(endpoint.requests()).isEmpty();
        assertThat(output()).contains("Immutable takes no batch size", "1-100", "3-600", "unknown deployment policy");
    }

    @Test
    void aServiceTheModelDoesNotDeclareIsRefusedBeforeAnyCallAndTheHelpListsTheModelsServices() {
        var command = new DeployCommand(new PrintStream(output, true, StandardCharsets.UTF_8), Clock.systemUTC());
        var commandLine = new CommandLine(command);

        int exit = commandLine.execute(
                "--service",
                "billing-service",
                "--env",
                "prod",
                "--bundle",
                bundle.toString(),
                "--endpoint-url",
                endpoint.uri().toString());

        assertThat(exit).isEqualTo(2);
        assertThat(endpoint.requests()).isEmpty();
        var services = ReferenceTopology.definition().services().stream()
                .map(ServiceSpec::id)
                .toList();
        assertThat(output()).contains("unknown service 'billing-service'").contains(services);
        assertThat(commandLine.setUsageHelpWidth(200).getUsageMessage())
                .contains("a service the topology model declares: " + String.join(", ", services));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AllAtOnce",
                "Rolling",
                "RollingWithAdditionalBatch",
                "Immutable",
                "TrafficSplitting",
                "BlueGreen"
            })
    void aDryRunPrintsEveryCallAndSendsNone(String policy) {
        int exit = deploy("--policy", policy, "--dry-run");

        assertThat(exit).isZero();
        assertThat(endpoint.requests()).isEmpty();
        assertThat(output())
                .contains(
                        "elasticbeanstalk:CreateStorageLocation",
                        "s3:PutObject",
                        "elasticbeanstalk:CreateApplicationVersion")
                .contains(
                        policy.equals("BlueGreen")
                                ? "elasticbeanstalk:SwapEnvironmentCNAMEs"
                                : "elasticbeanstalk:UpdateEnvironment")
                .contains("DeploymentPolicy=" + (policy.equals("BlueGreen") ? "AllAtOnce" : policy));
    }
}

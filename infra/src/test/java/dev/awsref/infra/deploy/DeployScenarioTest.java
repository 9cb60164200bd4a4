package dev.awsref.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.infra.deploy.FakeElasticBeanstalk.Behaviour;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

/**
 * The deploy command against {@link FakeElasticBeanstalk}, a control plane that holds state and
 * refuses what Elastic Beanstalk refuses, in simulated time: every wait of the command advances
 * the clock the fake's environments change by. Each test ends by checking that no call was refused.
 */
class DeployScenarioTest {

    private static final String ENV = "prod-order-service";
    private static final String CNAME = ENV + ".us-east-1.elasticbeanstalk.com";
    private static final List<String> IN_PLACE =
            List.of("AllAtOnce", "Rolling", "RollingWithAdditionalBatch", "Immutable", "TrafficSplitting");

    @TempDir
    static Path dir;

    private static Path bundle;
    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-12-01T09:00:00Z"));
    private FakeElasticBeanstalk eb;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private int labels;

    @BeforeAll
    static void credentialsAndBundle() throws IOException {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        bundle = Files.write(dir.resolve("order-service-bundle.zip"), new byte[] {'P', 'K', 5, 6});
    }

    @BeforeEach
    void start() throws IOException {
        eb = new FakeElasticBeanstalk(clock);
    }

    /**
     * The environment as `cdk deploy` leaves it: Ready, two instances on the (Red) sample
     * application, or on a first version when it was given a bundle ({@code -c bundleDir}).
     */
    private void cdkDeploy(String firstVersion) {
        eb.cloudFormationEnvironment(
                ENV,
                firstVersion,
                2,
                Map.of(
                        "aws:elasticbeanstalk:command/DeploymentPolicy", "Rolling",
                        "aws:elasticbeanstalk:command/BatchSizeType", "Percentage",
                        "aws:elasticbeanstalk:command/BatchSize", "30",
                        "aws:autoscaling:asg/MinSize", "2"));
    }

    @AfterEach
    void stop() {
        eb.close();
    }

    private int deploy(String label, String... options) {
        var args = new ArrayList<>(List.of(
                "--service",
                "order-service",
                "--env",
                "prod",
                "--bundle",
                bundle.toString(),
                "--version-label",
                label,
                "--endpoint-url",
                eb.uri().toString()));
        args.addAll(List.of(options));
        var command = new DeployCommand(new PrintStream(output, true, StandardCharsets.UTF_8), clock, clock::advance);
        return new CommandLine(command).execute(args.toArray(String[]::new));
    }

    private String nextLabel() {
        return "v" + (++labels);
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8) + "\nrefused: " + eb.refusals();
    }

    private FakeElasticBeanstalk.Environment owned() {
        return eb.environment(ENV).orElseThrow(() -> new AssertionError(ENV + " is gone\n" + output()));
    }

    /** What `cdk deploy` needs to update the stack, and the deploy command to deploy in place. */
    private void assertTheCloudFormationEnvironmentServesVersion(String label) {
        var env = owned();
        assertThat(env.status).as(output()).isEqualTo("Ready");
        assertThat(env.label).as(output()).isEqualTo(label);
        assertThat(env.cname)
                .as("the service's address stays with the CloudFormation environment")
                .isEqualTo(CNAME);
        assertThat(env.instances).allSatisfy(i -> assertThat(i.version).isEqualTo(label));
        assertThat(eb.terminatedEnvironments()).doesNotContain(ENV);
        assertThat(eb.refusals()).as(output()).isEmpty();
    }

    private void settle() {
        clock.advance(Duration.ofMinutes(10));
    }

    @Test
    void aFirstDeployOntoTheRedSampleApplicationSucceeds() {
        cdkDeploy(FakeElasticBeanstalk.SAMPLE);
        assertThat(eb.color(ENV)).isEqualTo("Red");

        assertThat(deploy("v1", "--policy", "Rolling")).as(output()).isZero();

        assertTheCloudFormationEnvironmentServesVersion("v1");
        assertThat(eb.color(ENV)).isEqualTo("Green");
    }

    @Test
    void aHotfixOntoARedEnvironmentSucceedsOnceTheNewVersionTurnsGreen() {
        eb.behave("broken", Behaviour.UNHEALTHY);
        cdkDeploy("broken");
        assertThat(eb.color(ENV)).isEqualTo("Red");

        assertThat(deploy("hotfix", "--policy", "AllAtOnce")).as(output()).isZero();

        assertTheCloudFormationEnvironmentServesVersion("hotfix");
        assertThat(output()).contains("waiting for the health of hotfix");
    }

    @Test
    void aTimeoutInTheMiddleOfARollingDeployEndsReadyOnTheOldVersion() {
        cdkDeploy("v1");
        eb.behave("slow", new Behaviour(true, Duration.ofMinutes(20)));

        int exit = deploy("slow", "--policy", "Rolling", "--batch-size", "1", "--timeout", "15m");

        assertThat(exit).as(output()).isEqualTo(1);
        assertThat(output()).contains("AbortEnvironmentUpdate");
        settle();
        assertTheCloudFormationEnvironmentServesVersion("v1");
        assertThat(eb.color(ENV)).isEqualTo("Green");
    }

    @Test
    void theDefaultTimeoutOutlastsATrafficSplittingEvaluation() {
        cdkDeploy("v1");

        int exit = deploy("v2", "--policy", "TrafficSplitting", "--evaluation-time", "60m");

        assertThat(exit).as(output()).isZero();
        assertTheCloudFormationEnvironmentServesVersion("v2");
    }

    @Test
    void blueGreenLeavesTheCloudFormationEnvironmentLiveOnTheNewVersion() {
        cdkDeploy("v1");

        assertThat(deploy("v2", "--policy", "BlueGreen", "--rollback-window", "30m"))
                .as(output())
                .isZero();
        settle();

        assertTheCloudFormationEnvironmentServesVersion("v2");
        assertThat(eb.environment(ENV + "-b")).as("the clone is gone").isEmpty();
        assertThat(eb.terminatedEnvironments()).containsExactly(ENV + "-b");
        assertThat(deploy("v3", "--policy", "Rolling")).as(output()).isZero();
        assertThat(deploy("v4", "--policy", "BlueGreen")).as(output()).isZero();
        settle();
        assertTheCloudFormationEnvironmentServesVersion("v4");
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
    void aBrokenVersionLeavesTheEnvironmentReadyAndGreenOnThePreviousOne(String policy) {
        cdkDeploy("v1");
        eb.behave("broken", Behaviour.UNHEALTHY);

        assertThat(deploy("broken", "--policy", policy)).as(output()).isEqualTo(1);
        settle();

        assertTheCloudFormationEnvironmentServesVersion("v1");
        assertThat(eb.color(ENV)).isEqualTo("Green");
    }

    @Test
    void theScriptedScenarioEndsOnTheLastVersionWithTheCloudFormationEnvironmentLive() {
        cdkDeploy(FakeElasticBeanstalk.SAMPLE);
        String label = nextLabel();
        assertThat(deploy(label, "--policy", "Rolling")).as(output()).isZero(); // onto the Red sample
        for (int round = 0; round < 2; round++) {
            for (String policy : IN_PLACE) {
                label = nextLabel();
                assertThat(deploy(label, "--policy", policy))
                        .as(policy + "\n" + output())
                        .isZero();
                assertTheCloudFormationEnvironmentServesVersion(label);
            }
            label = nextLabel();
            assertThat(deploy(label, "--policy", "BlueGreen")).as(output()).isZero();
            settle();
            assertTheCloudFormationEnvironmentServesVersion(label);
        }
        assertThat(eb.color(ENV)).isEqualTo("Green");
        assertThat(eb.terminatedEnvironments()).containsOnly(ENV + "-b").hasSize(2);
    }
}

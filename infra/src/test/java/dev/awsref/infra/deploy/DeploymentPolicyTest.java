package dev.awsref.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.infra.deploy.DeploymentPolicy.BatchSize;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeploymentPolicyTest {

    private static final EnvironmentShape SINGLE_INSTANCE = new EnvironmentShape(false, "none", true);
    private static final EnvironmentShape CLASSIC_LB = new EnvironmentShape(true, "classic", true);
    private static final EnvironmentShape BASIC_HEALTH = new EnvironmentShape(true, "application", false);

    @Test
    void everyPolicyRunsOnTheReferenceEnvironment() {
        for (String name : DeploymentPolicy.NAMES) {
            var policy = DeploymentPolicy.parse(name, null, null, null);
            assertThat(policy.problemsOn(EnvironmentShape.REFERENCE)).as(name).isEmpty();
            assertThat(policy.name()).isEqualTo(name);
        }
    }

    @Test
    void rollingWritesBatchTypeAndSize() {
        assertThat(DeploymentPolicy.parse("Rolling", "2", null, null).optionSettings())
                .extracting(OptionSetting::toString)
                .containsExactly(
                        "aws:elasticbeanstalk:command DeploymentPolicy=Rolling",
                        "aws:elasticbeanstalk:command BatchSizeType=Fixed",
                        "aws:elasticbeanstalk:command BatchSize=2");
    }

    @Test
    void trafficSplittingNeedsAnApplicationLoadBalancerAndEnhancedHealth() {
        var canary = DeploymentPolicy.parse("TrafficSplitting", null, "20", "10m");
        assertThat(canary.problemsOn(CLASSIC_LB)).singleElement().asString().contains("application load balancer");
        assertThat(canary.problemsOn(BASIC_HEALTH)).singleElement().asString().contains("enhanced health");
        assertThatThrownBy(() -> canary.requireValidOn(SINGLE_INSTANCE))
                .isInstanceOf(InvalidDeploymentPolicyException.class);
    }

    @Test
    void immutableNeedsEnhancedHealthAndRollingNeedsALoadBalancer() {
        assertThat(new DeploymentPolicy.Immutable().problemsOn(BASIC_HEALTH)).hasSize(1);
        assertThat(new DeploymentPolicy.Immutable().problemsOn(SINGLE_INSTANCE)).isEmpty();
        assertThat(DeploymentPolicy.parse("Rolling", "30%", null, null).problemsOn(SINGLE_INSTANCE))
                .singleElement()
                .asString()
                .contains("only AllAtOnce and Immutable");
    }

    @Test
    void batchSizesOutOfRangeAreRefused() {
        assertThatThrownBy(() -> BatchSize.parse("0%")).hasMessageContaining("1-100");
        assertThatThrownBy(() -> BatchSize.parse("101%")).hasMessageContaining("1-100");
        assertThatThrownBy(() -> BatchSize.parse("0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> BatchSize.parse("many")).hasMessageContaining("30%");
        assertThat(BatchSize.parse("100%")).isEqualTo(new BatchSize(BatchSize.Type.Percentage, 100));
    }

    @Test
    void trafficSplittingPercentAndEvaluationTimeAreChecked() {
        assertThatThrownBy(() -> new DeploymentPolicy.TrafficSplitting(0, Duration.ofMinutes(5)))
                .hasMessageContaining("1-100");
        assertThatThrownBy(() -> new DeploymentPolicy.TrafficSplitting(10, Duration.ofMinutes(2)))
                .hasMessageContaining("3-600");
        assertThatThrownBy(() -> new DeploymentPolicy.TrafficSplitting(10, Duration.ofSeconds(200)))
                .hasMessageContaining("whole minutes");
    }

    @Test
    void optionsAPolicyDoesNotTakeAreRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> DeploymentPolicy.parse("Immutable", "30%", null, null))
                .hasMessageContaining("Immutable takes no batch size");
        assertThatThrownBy(() -> DeploymentPolicy.parse("Rolling", null, "10", null))
                .hasMessageContaining("only TrafficSplitting");
        assertThatThrownBy(() -> DeploymentPolicy.parse("AllAtOnce", null, null, null, "1h"))
                .hasMessageContaining("only BlueGreen");
        assertThatThrownBy(() -> DeploymentPolicy.parse("Canary", null, null, null))
                .hasMessageContaining("one of AllAtOnce, Rolling");
    }

    @Test
    void blueGreenDeploysToItsCloneAllAtOnceAndKeepsTheOldEnvironmentForTheWindow() {
        var policy = (DeploymentPolicy.BlueGreen) DeploymentPolicy.parse("BlueGreen", null, null, null, "30m");
        assertThat(policy.rollbackWindow()).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.optionSettings()).extracting(OptionSetting::value).containsExactly("AllAtOnce");
    }

    @Test
    void
            theDefaultTimeoutOfTrafficSplittingOutlastsItsEvaluationTimeAndEveryBatchGetsElasticBeanstalksCommandTimeout() {
        var canary = DeploymentPolicy.parse("TrafficSplitting", null, "10", "600m");
        assertThat(canary.defaultTimeout())
                .isGreaterThan(Duration.ofMinutes(600).plus(DeploymentPolicy.COMMAND_TIMEOUT));
        var oneByOne = DeploymentPolicy.parse("Rolling", "1", null, null);
        assertThat(oneByOne.defaultTimeout())
                .isGreaterThanOrEqualTo(
                        DeploymentPolicy.COMMAND_TIMEOUT.multipliedBy(DeploymentPolicy.REFERENCE_MAX_INSTANCES));
        assertThat(BatchSize.parse("30%").batches(4)).isEqualTo(2);
        assertThat(BatchSize.parse("1").batches(4)).isEqualTo(4);
    }
}

package dev.awsref.infra.deploy;

import static dev.awsref.infra.deploy.OptionSetting.COMMAND;
import static dev.awsref.infra.deploy.OptionSetting.TRAFFIC_SPLITTING;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How a new application version reaches an Elastic Beanstalk environment. Five policies are
 * Elastic Beanstalk option settings ({@code aws:elasticbeanstalk:command DeploymentPolicy});
 * {@link BlueGreen} is a procedure the deploy command runs (clone, deploy, swap CNAMEs, retire).
 * Values are checked when built and against the environment before any API call.
 *
 * <p>Over 300 lines on purpose: the six policies are one sealed type, and reading their rules side
 * by side (which needs a load balancer, which enhanced health, what each sets) is the point.
 */
public sealed interface DeploymentPolicy {

    /** The policy's name as Elastic Beanstalk (or, for BlueGreen, the deploy command) spells it. */
    String name();

    /** The option settings that select this policy on an environment. */
    List<OptionSetting> optionSettings();

    /** Problems running this policy on an environment of that shape; empty when it can run. */
    List<String> problemsOn(EnvironmentShape shape);

    /** Whether the command redeploys the previous version when this deploy fails. */
    boolean rollsBackByRedeploying();

    /**
     * How long the deploy command lets one operation of this policy run before it aborts it, when
     * no {@code --timeout} is given: Elastic Beanstalk gives each batch up to the command timeout
     * ({@code aws:elasticbeanstalk:command Timeout}, 600 s by default) to pass its health checks,
     * new instances take minutes to launch, and TrafficSplitting holds the deployment for its whole
     * evaluation time before it shifts all traffic. Sized for the reference environments (at most
     * {@link #REFERENCE_MAX_INSTANCES} instances); give {@code --timeout} for larger ones.
     */
    Duration defaultTimeout();

    default DeploymentPolicy requireValidOn(EnvironmentShape shape) {
        var problems = problemsOn(shape);
        if (!problems.isEmpty()) {
            throw new InvalidDeploymentPolicyException(problems);
        }
        return this;
    }

    /** Every instance at once: fastest, with downtime while the new version starts. */
    record AllAtOnce() implements DeploymentPolicy {
        public String name() {
            return "AllAtOnce";
        }

        public Duration defaultTimeout() {
            return COMMAND_TIMEOUT.plus(MARGIN);
        }

        public List<OptionSetting> optionSettings() {
            return List.of(new OptionSetting(COMMAND, "DeploymentPolicy", name()));
        }

        public List<String> problemsOn(EnvironmentShape shape) {
            return List.of();
        }

        public boolean rollsBackByRedeploying() {
            return true;
        }
    }

    /** Batch by batch on the existing instances: no downtime, capacity reduced by one batch. */
    record Rolling(BatchSize batchSize) implements DeploymentPolicy {
        public String name() {
            return "Rolling";
        }

        public Duration defaultTimeout() {
            return COMMAND_TIMEOUT
                    .multipliedBy(batchSize.batches(REFERENCE_MAX_INSTANCES))
                    .plus(MARGIN);
        }

        public List<OptionSetting> optionSettings() {
            return batchSettings(name(), batchSize);
        }

        public List<String> problemsOn(EnvironmentShape shape) {
            return needsLoadBalancer(name(), shape);
        }

        public boolean rollsBackByRedeploying() {
            return true;
        }
    }

    /** Like Rolling, but a fresh batch is launched first, so capacity never drops. */
    record RollingWithAdditionalBatch(BatchSize batchSize) implements DeploymentPolicy {
        public String name() {
            return "RollingWithAdditionalBatch";
        }

        public Duration defaultTimeout() {
            return LAUNCH.plus(COMMAND_TIMEOUT.multipliedBy(batchSize.batches(REFERENCE_MAX_INSTANCES) + 1))
                    .plus(MARGIN);
        }

        public List<OptionSetting> optionSettings() {
            return batchSettings(name(), batchSize);
        }

        public List<String> problemsOn(EnvironmentShape shape) {
            return needsLoadBalancer(name(), shape);
        }

        public boolean rollsBackByRedeploying() {
            return true;
        }
    }

    /** A second Auto Scaling group with the new version; Elastic Beanstalk discards it on failure. */
    record Immutable() implements DeploymentPolicy {
        public String name() {
            return "Immutable";
        }

        public Duration defaultTimeout() {
            return LAUNCH.plus(COMMAND_TIMEOUT).plus(MARGIN);
        }

        public List<OptionSetting> optionSettings() {
            return List.of(new OptionSetting(COMMAND, "DeploymentPolicy", name()));
        }

        public List<String> problemsOn(EnvironmentShape shape) {
            return needsEnhancedHealth(name(), shape);
        }

        public boolean rollsBackByRedeploying() {
            return false; // the old instances never changed; Elastic Beanstalk terminates the new ones
        }
    }

    /**
     * Canary: new instances get {@code newVersionPercent} of the traffic for {@code evaluationTime};
     * healthy, they take it all; unhealthy, Elastic Beanstalk shifts traffic back and terminates them.
     */
    record TrafficSplitting(int newVersionPercent, Duration evaluationTime) implements DeploymentPolicy {
        public TrafficSplitting {
            var problems = new ArrayList<String>();
            if (newVersionPercent < 1 || newVersionPercent > 100) {
                problems.add("TrafficSplitting new-version percent must be 1-100, was " + newVersionPercent);
            }
            long minutes = evaluationTime.toMinutes();
            if (evaluationTime.toSeconds() % 60 != 0 || minutes < 3 || minutes > 600) {
                problems.add("TrafficSplitting evaluation time must be whole minutes, 3-600, was " + evaluationTime);
            }
            if (!problems.isEmpty()) {
                throw new InvalidDeploymentPolicyException(problems);
            }
        }

        public String name() {
            return "TrafficSplitting";
        }

        public Duration defaultTimeout() {
            return LAUNCH.plus(COMMAND_TIMEOUT).plus(evaluationTime).plus(MARGIN);
        }

        public List<OptionSetting> optionSettings() {
            return List.of(
                    new OptionSetting(COMMAND, "DeploymentPolicy", name()),
                    new OptionSetting(TRAFFIC_SPLITTING, "NewVersionPercent", Integer.toString(newVersionPercent)),
                    new OptionSetting(TRAFFIC_SPLITTING, "EvaluationTime", Long.toString(evaluationTime.toMinutes())));
        }

        public List<String> problemsOn(EnvironmentShape shape) {
            var problems = new ArrayList<String>();
            if (!shape.hasApplicationLoadBalancer()) {
                problems.add("TrafficSplitting needs an application load balancer; the environment has "
                        + (shape.loadBalanced() ? "a " + shape.loadBalancerType() + " load balancer" : "none"));
            }
            problems.addAll(needsEnhancedHealth(name(), shape));
            return problems;
        }

        public boolean rollsBackByRedeploying() {
            return false; // Elastic Beanstalk moves the traffic back itself
        }
    }

    /**
     * Not an Elastic Beanstalk policy but a procedure: clone the environment, deploy the new version
     * to the clone, wait for green, swap CNAMEs, keep the old environment for {@code rollbackWindow}
     * (swapping back is the rollback), then terminate it.
     */
    record BlueGreen(Duration rollbackWindow) implements DeploymentPolicy {
        public BlueGreen {
            if (rollbackWindow.isNegative()) {
                throw new InvalidDeploymentPolicyException(
                        List.of("BlueGreen rollback window must not be negative, was " + rollbackWindow));
            }
        }

        public String name() {
            return "BlueGreen";
        }

        public Duration defaultTimeout() {
            return LAUNCH.plus(COMMAND_TIMEOUT).plus(MARGIN);
        }

        /** The clone takes no traffic until the swap, so deploying to it all at once is safe and fastest. */
        public List<OptionSetting> optionSettings() {
            return List.of(new OptionSetting(COMMAND, "DeploymentPolicy", "AllAtOnce"));
        }

        public List<String> problemsOn(EnvironmentShape shape) {
            return shape.loadBalanced()
                    ? List.of()
                    : List.of("BlueGreen swaps CNAMEs of load-balanced environments; the environment is a"
                            + " single instance");
        }

        public boolean rollsBackByRedeploying() {
            return false; // rollback is swapping the CNAMEs back while the old environment is kept
        }
    }

    /** Batch size: a percentage of the instances (1-100) or a fixed number of them (at least 1). */
    record BatchSize(Type type, int value) {
        public enum Type {
            Percentage,
            Fixed
        }

        public BatchSize {
            if (type == Type.Percentage && (value < 1 || value > 100)) {
                throw new InvalidDeploymentPolicyException(
                        List.of("batch size percentage must be 1-100, was " + value + "%"));
            }
            if (type == Type.Fixed && value < 1) {
                throw new InvalidDeploymentPolicyException(
                        List.of("fixed batch size must be at least 1 instance, was " + value));
            }
        }

        /** {@code "30%"} is a percentage, {@code "2"} a fixed number of instances. */
        public static BatchSize parse(String text) {
            String t = text.trim();
            try {
                return t.endsWith("%")
                        ? new BatchSize(Type.Percentage, Integer.parseInt(t.substring(0, t.length() - 1)))
                        : new BatchSize(Type.Fixed, Integer.parseInt(t));
            } catch (NumberFormatException e) {
                throw new InvalidDeploymentPolicyException(List.of(
                        "batch size must be a number of instances (2) or a percentage (30%), was '" + text + "'"));
            }
        }

        /** How many batches a deployment to {@code instances} instances takes. */
        public int batches(int instances) {
            int size = type == Type.Fixed ? value : (int) Math.ceil(instances * value / 100.0);
            size = Math.max(1, Math.min(size, instances));
            return (instances + size - 1) / size;
        }

        @Override
        public String toString() {
            return type == Type.Percentage ? value + "%" : value + " instance(s)";
        }
    }

    List<String> NAMES =
            List.of("AllAtOnce", "Rolling", "RollingWithAdditionalBatch", "Immutable", "TrafficSplitting", "BlueGreen");

    BatchSize DEFAULT_BATCH = new BatchSize(BatchSize.Type.Percentage, 30);

    /** The reference environment's largest size: MaxSize is twice the default minInstances (2). */
    int REFERENCE_MAX_INSTANCES = 4;

    /** Elastic Beanstalk's default {@code aws:elasticbeanstalk:command Timeout} setting. */
    Duration COMMAND_TIMEOUT_SETTING = Duration.ofSeconds(600);

    /**
     * What one batch really gets before Elastic Beanstalk gives up on it: the setting plus the 240 s
     * Elastic Beanstalk adds to it (the {@code aws:elasticbeanstalk:command} table of
     * https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/command-options-general.html), so 840 s.
     * Budgets count it per batch; counting 600 s would abort a slow rolling deploy that was still
     * within Elastic Beanstalk's own limit.
     */
    Duration COMMAND_TIMEOUT = COMMAND_TIMEOUT_SETTING.plusSeconds(240);

    /** Launching a set of new instances (Immutable, TrafficSplitting, the additional batch, a clone). */
    Duration LAUNCH = Duration.ofMinutes(10);

    /** Slack for the steps around the batches (load balancer registration, cleanup). */
    Duration MARGIN = Duration.ofMinutes(5);

    Duration DEFAULT_ROLLBACK_WINDOW = Duration.ofHours(1);

    static DeploymentPolicy parse(String name, String batchSize, String newVersionPercent, String evaluationTime) {
        return parse(name, batchSize, newVersionPercent, evaluationTime, null);
    }

    /**
     * Builds a policy from command-line or context text, refusing options the policy does not take
     * (a batch size for Immutable is a mistake, not something to ignore).
     */
    static DeploymentPolicy parse(
            String name, String batchSize, String newVersionPercent, String evaluationTime, String rollbackWindow) {
        var problems = new ArrayList<String>();
        boolean batched = "Rolling".equals(name) || "RollingWithAdditionalBatch".equals(name);
        boolean canary = "TrafficSplitting".equals(name);
        if (!NAMES.contains(name)) {
            throw new InvalidDeploymentPolicyException(
                    List.of("unknown deployment policy '" + name + "'; one of " + String.join(", ", NAMES)));
        }
        if (batchSize != null && !batched) {
            problems.add(name + " takes no batch size (only Rolling and RollingWithAdditionalBatch do)");
        }
        if ((newVersionPercent != null || evaluationTime != null) && !canary) {
            problems.add(name + " takes no new-version percent or evaluation time (only TrafficSplitting does)");
        }
        if (rollbackWindow != null && !"BlueGreen".equals(name)) {
            problems.add(name + " takes no rollback window (only BlueGreen does)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidDeploymentPolicyException(problems);
        }
        BatchSize batch = batchSize == null ? DEFAULT_BATCH : BatchSize.parse(batchSize);
        return switch (name) {
            case "AllAtOnce" -> new AllAtOnce();
            case "Rolling" -> new Rolling(batch);
            case "RollingWithAdditionalBatch" -> new RollingWithAdditionalBatch(batch);
            case "Immutable" -> new Immutable();
            case "TrafficSplitting" ->
                new TrafficSplitting(
                        newVersionPercent == null ? 10 : parseInt(newVersionPercent, "new-version percent"),
                        evaluationTime == null ? Duration.ofMinutes(5) : parseDuration(evaluationTime));
            case "BlueGreen" ->
                new BlueGreen(rollbackWindow == null ? DEFAULT_ROLLBACK_WINDOW : parseDuration(rollbackWindow));
            default -> throw new IllegalStateException(name);
        };
    }

    /** {@code 90s}, {@code 5m}, {@code 2h}; a bare number is minutes. */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            return Duration.ofMinutes(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new InvalidDeploymentPolicyException(List.of("not a duration (90s, 5m, 2h): '" + text + "'"));
        }
    }

    private static int parseInt(String text, String what) {
        try {
            return Integer.parseInt(text.trim().replace("%", ""));
        } catch (NumberFormatException e) {
            throw new InvalidDeploymentPolicyException(List.of(what + " must be a number, was '" + text + "'"));
        }
    }

    private static List<OptionSetting> batchSettings(String policy, BatchSize batch) {
        return List.of(
                new OptionSetting(COMMAND, "DeploymentPolicy", policy),
                new OptionSetting(COMMAND, "BatchSizeType", batch.type().name()),
                new OptionSetting(COMMAND, "BatchSize", Integer.toString(batch.value())));
    }

    private static List<String> needsLoadBalancer(String policy, EnvironmentShape shape) {
        return shape.loadBalanced()
                ? List.of()
                : List.of(policy + " needs a load-balanced environment; a single instance supports only"
                        + " AllAtOnce and Immutable");
    }

    private static List<String> needsEnhancedHealth(String policy, EnvironmentShape shape) {
        return shape.enhancedHealth()
                ? List.of()
                : List.of(policy + " needs enhanced health reporting (it decides on the new instances' health)");
    }
}

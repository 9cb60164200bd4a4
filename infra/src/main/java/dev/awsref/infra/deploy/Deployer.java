package dev.awsref.infra.deploy;

import dev.awsref.infra.deploy.DeployApi.EnvironmentState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs one deployment: upload the bundle, create the application version, then either update the
 * environment with the policy's option settings or run the blue/green procedure; follow events and
 * health until the environment is Ready and Green on the new version, or has failed. After a failed
 * in-place deploy it redeploys the previous version where the policy leaves that to us.
 */
public final class Deployer {

    /** What to deploy where. */
    public record Request(
            String application,
            String environment,
            String versionLabel,
            Path bundle,
            DeploymentPolicy policy,
            Duration pollInterval,
            Duration timeout) {}

    public enum Outcome {
        DEPLOYED,
        FAILED_ROLLED_BACK,
        FAILED
    }

    private final DeployApi api;
    private final PrintStream out;
    private final Clock clock;

    public Deployer(DeployApi api, PrintStream out, Clock clock) {
        this.api = api;
        this.out = out;
        this.clock = clock;
    }

    public Outcome deploy(Request request) {
        EnvironmentState current = api.describeEnvironment(request.application(), request.environment())
                .orElseThrow(() -> new IllegalStateException("no environment " + request.environment()
                        + " in application " + request.application() + "; create it with the CDK app first"));
        if (!"Ready".equals(current.status())) {
            throw new IllegalStateException(request.environment() + " is " + current.status()
                    + ", not Ready: wait for the operation in progress");
        }
        String bucket = api.storageBucket();
        String key = request.application() + "/" + request.versionLabel() + ".zip";
        api.upload(bucket, key, request.bundle());
        api.createApplicationVersion(request.application(), request.versionLabel(), bucket, key);

        if (request.policy() instanceof DeploymentPolicy.BlueGreen blueGreen) {
            return blueGreen(request, current, blueGreen);
        }
        // First the policy, as a configuration update, so the deploy that follows surely runs with it.
        String currentLabel = current.versionLabel().orElse(null);
        Instant configStart = clock.instant();
        api.updateEnvironment(request.environment(), null, request.policy().optionSettings());
        if (!follow(request, request.environment(), currentLabel, configStart)) {
            out.println("setting the deployment policy failed; nothing was deployed");
            return Outcome.FAILED;
        }
        Instant start = clock.instant();
        api.updateEnvironment(request.environment(), request.versionLabel(), List.of());
        if (follow(request, request.environment(), request.versionLabel(), start)) {
            out.println("deployed " + request.versionLabel() + " to " + request.environment() + " with "
                    + request.policy().name());
            return Outcome.DEPLOYED;
        }
        if (request.policy().rollsBackByRedeploying() && current.versionLabel().isPresent()) {
            String previous = current.versionLabel().get();
            out.println("deploy failed: rolling back " + request.environment() + " to " + previous);
            Instant rollbackStart = clock.instant();
            api.updateEnvironment(request.environment(), previous, List.of());
            follow(request, request.environment(), previous, rollbackStart);
            return Outcome.FAILED_ROLLED_BACK;
        }
        out.println("deploy failed; " + request.policy().name()
                + " leaves the old instances serving (Elastic Beanstalk discarded the new ones)");
        return Outcome.FAILED;
    }

    /**
     * Clone the environment (configuration template from the live one), create the clone with the
     * new version, wait for green, swap CNAMEs, keep the old one for the rollback window, terminate
     * it. The clone alternates between {@code <env>} and {@code <env>-b}.
     */
    private Outcome blueGreen(Request request, EnvironmentState blue, DeploymentPolicy.BlueGreen policy) {
        String greenName = request.environment().endsWith("-b")
                ? request.environment().substring(0, request.environment().length() - 2)
                : request.environment() + "-b";
        String template = "bg-" + request.versionLabel();
        api.createConfigurationTemplate(request.application(), template, blue.id());
        Instant start = clock.instant();
        api.createEnvironment(
                request.application(), greenName, template, request.versionLabel(), policy.optionSettings());
        if (!follow(request, greenName, request.versionLabel(), start)) {
            out.println("clone " + greenName + " did not become healthy; terminating it, " + request.environment()
                    + " keeps serving");
            api.terminateEnvironment(greenName);
            api.deleteConfigurationTemplate(request.application(), template);
            return Outcome.FAILED;
        }
        api.swapCnames(request.environment(), greenName);
        out.println("swapped CNAMEs: " + greenName + " now serves " + blue.cname() + "; " + request.environment()
                + " kept for " + policy.rollbackWindow() + " (roll back: swap the CNAMEs again)");
        api.pause(policy.rollbackWindow());
        api.terminateEnvironment(request.environment());
        api.deleteConfigurationTemplate(request.application(), template);
        out.println("deployed " + request.versionLabel() + " to " + greenName + " with BlueGreen");
        return Outcome.DEPLOYED;
    }

    /** Polls events, health and status with a line of progress each time; true when Ready, Green, on the label. */
    private boolean follow(Request request, String environment, String label, Instant start) {
        Set<String> seen = new HashSet<>();
        boolean sawOperation = false; // Ready on the old version before the operation starts means nothing
        Instant deadline = start.plus(request.timeout());
        while (true) {
            api.pause(request.pollInterval());
            boolean error = false;
            for (var event : api.eventsSince(request.application(), environment, start)) {
                if (seen.add(event.date() + event.message())) {
                    out.printf("  [%s] %-5s %s%n", elapsed(start), event.severity(), event.message());
                    error |= "ERROR".equals(event.severity()) || "FATAL".equals(event.severity());
                }
            }
            var health = api.environmentHealth(environment);
            var state = api.describeEnvironment(request.application(), environment)
                    .orElseThrow(() -> new IllegalStateException(environment + " disappeared"));
            boolean onLabel =
                    label == null || state.versionLabel().filter(label::equals).isPresent();
            out.printf(
                    "  [%s] %-9s health %-6s %-8s instances ok %d/%d  version %s%s%n",
                    elapsed(start),
                    state.status(),
                    health.color(),
                    health.healthStatus(),
                    health.instancesOk(),
                    health.instancesTotal(),
                    state.versionLabel().orElse("-"),
                    health.causes() == null || health.causes().isEmpty() ? "" : "  " + health.causes());
            sawOperation |= !"Ready".equals(state.status());
            if ("Ready".equals(state.status())) {
                if (onLabel && "Green".equals(health.color())) {
                    return true;
                }
                if (error || (onLabel && "Red".equals(health.color())) || (!onLabel && sawOperation)) {
                    return false;
                }
            }
            if (!clock.instant().isBefore(deadline)) {
                out.println("  timed out after " + request.timeout());
                return false;
            }
        }
    }

    private String elapsed(Instant start) {
        long s = Duration.between(start, clock.instant()).toSeconds();
        return String.format("%02d:%02d", s / 60, s % 60);
    }
}

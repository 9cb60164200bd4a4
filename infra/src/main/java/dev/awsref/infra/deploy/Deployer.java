package dev.awsref.infra.deploy;

import dev.awsref.infra.deploy.DeployApi.EnvironmentState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one deployment: upload the bundle, create the application version, then either update the
 * environment in place (the policy's option settings first, then the version) or run the
 * blue/green procedure.
 *
 * <p>What it waits for, and why:
 *
 * <ul>
 *   <li>An operation (a configuration update, a version deploy, an environment launch) is over
 *       when the environment's <em>status</em> is Ready again. Health is no condition for that:
 *       the sample application the CDK app starts with is Red, and so is an environment that
 *       needs a hotfix.
 *   <li>A new version is judged on its own health: after Ready on the new label, the environment
 *       must report Green once the health report can be about the new version ({@code
 *       healthSettle} after Ready), within {@code healthGrace}. An ERROR event, or Elastic
 *       Beanstalk ending the operation on another version (it discarded the new one), is a
 *       failure at once.
 *   <li>At the timeout, an operation still in progress is cancelled with AbortEnvironmentUpdate
 *       (Elastic Beanstalk refuses UpdateEnvironment until the environment is Ready), the command
 *       waits for Ready, and redeploys the previous version only if the environment is not on it.
 * </ul>
 */
public final class Deployer {

    /**
     * What to deploy where.
     *
     * @param timeout how long one operation may take before it is aborted
     * @param healthSettle how long after Ready a Green report counts (reports trail the instances)
     * @param healthGrace how long after Ready the new version may take to turn Green
     */
    public record Request(
            String application,
            String environment,
            String versionLabel,
            Path bundle,
            DeploymentPolicy policy,
            Duration pollInterval,
            Duration timeout,
            Duration healthSettle,
            Duration healthGrace) {

        public Request(
                String application,
                String environment,
                String versionLabel,
                Path bundle,
                DeploymentPolicy policy,
                Duration pollInterval,
                Duration timeout) {
            this(
                    application,
                    environment,
                    versionLabel,
                    bundle,
                    policy,
                    pollInterval,
                    timeout,
                    DEFAULT_HEALTH_SETTLE,
                    DEFAULT_HEALTH_GRACE);
        }
    }

    /** Enhanced health refreshes every 10 s; the ALB needs 3 checks 15 s apart to call a target healthy. */
    public static final Duration DEFAULT_HEALTH_SETTLE = Duration.ofMinutes(1);

    public static final Duration DEFAULT_HEALTH_GRACE = Duration.ofMinutes(5);

    /**
     * How long the clone keeps running after the CNAMEs are swapped back, for clients that still
     * resolve its load balancer (at most the rollback window).
     */
    public static final Duration DNS_DRAIN = Duration.ofMinutes(5);

    public enum Outcome {
        DEPLOYED,
        FAILED_ROLLED_BACK,
        FAILED
    }

    /** How an operation ended. */
    private enum Result {
        HEALTHY,
        UNHEALTHY,
        TIMED_OUT
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
        EnvironmentState current = describe(request, request.environment())
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
            return new BlueGreenProcedure(request, current, blueGreen).run();
        }
        // First the policy, as a configuration update, so the deploy that follows surely runs with it.
        // Only Ready matters here: the environment may well be Red (sample application, hotfix).
        Instant configStart = clock.instant();
        api.updateEnvironment(request.environment(), null, request.policy().optionSettings());
        if (awaitReady(request, request.environment(), configStart) != Result.HEALTHY) {
            abortAndAwaitReady(request, request.environment());
            out.println("setting the deployment policy did not finish; nothing was deployed");
            return Outcome.FAILED;
        }
        Instant start = clock.instant();
        api.updateEnvironment(request.environment(), request.versionLabel(), List.of());
        Result result =
                awaitVersion(request, request.environment(), request.versionLabel(), current.versionLabel(), start);
        if (result == Result.HEALTHY) {
            out.println("deployed " + request.versionLabel() + " to " + request.environment() + " with "
                    + request.policy().name());
            return Outcome.DEPLOYED;
        }
        boolean aborted = result == Result.TIMED_OUT && abortAndAwaitReady(request, request.environment());
        return rollBack(request, current.versionLabel(), aborted);
    }

    /**
     * After a failed or aborted deploy, make sure the environment runs the previous version. After
     * an abort Elastic Beanstalk has rolled back what it changed; Immutable and TrafficSplitting
     * never touched the old instances. Only where the environment is still not on the previous
     * version, or the policy changed instances in place (AllAtOnce, the Rolling ones), is the
     * previous version deployed again.
     */
    private Outcome rollBack(Request request, Optional<String> previous, boolean aborted) {
        var state = describe(request, request.environment()).orElseThrow();
        boolean onPrevious = previous.isPresent() && previous.equals(state.versionLabel());
        if (previous.isEmpty()) {
            out.println("deploy failed; there is no previous version to go back to");
            return Outcome.FAILED;
        }
        if (aborted && onPrevious) {
            out.println("deploy aborted; " + request.environment() + " is back on " + previous.get());
            return Outcome.FAILED_ROLLED_BACK;
        }
        if (!aborted && !request.policy().rollsBackByRedeploying()) {
            out.println("deploy failed; " + request.policy().name() + " left the old instances serving "
                    + state.versionLabel().orElse("the previous version")
                    + " (Elastic Beanstalk discarded the new ones)");
            return Outcome.FAILED;
        }
        String label = previous.get();
        out.println("deploy failed: rolling back " + request.environment() + " to " + label);
        Instant start = clock.instant();
        api.updateEnvironment(request.environment(), label, List.of());
        if (awaitReady(request, request.environment(), start) == Result.TIMED_OUT) {
            abortAndAwaitReady(request, request.environment());
        }
        return Outcome.FAILED_ROLLED_BACK;
    }

    /** AbortEnvironmentUpdate while the operation is still in progress, then wait for Ready; true if aborted. */
    private boolean abortAndAwaitReady(Request request, String environment) {
        var state = describe(request, environment).orElseThrow();
        if ("Ready".equals(state.status())) {
            return false;
        }
        out.println("  timed out after " + request.timeout() + ": AbortEnvironmentUpdate on " + environment
                + " (Elastic Beanstalk rolls back what it changed)");
        api.abortEnvironmentUpdate(environment);
        awaitReady(request, environment, clock.instant());
        return true;
    }

    /**
     * Blue/green that leaves the environment CloudFormation owns in place: clone it with the new
     * version, swap CNAMEs, keep the old one through the rollback window, then update the owned
     * environment in place (it takes no traffic), swap back and terminate the clone. So the
     * environment that serves the service's address is always the CloudFormation one when the
     * command ends, and {@code cdk deploy} and the next deploy find it.
     */
    private final class BlueGreenProcedure {
        private final Request request;
        private final EnvironmentState owned;
        private final DeploymentPolicy.BlueGreen policy;
        private final String clone;
        private final String template;

        BlueGreenProcedure(Request request, EnvironmentState owned, DeploymentPolicy.BlueGreen policy) {
            this.request = request;
            this.owned = owned;
            this.policy = policy;
            this.clone = cloneName(request.environment());
            this.template = "bg-" + request.versionLabel();
        }

        Outcome run() {
            var leftover = describe(request, clone);
            if (leftover.isPresent()) {
                out.println(clone + " exists (" + leftover.get().status() + "): an earlier blue/green did not finish."
                        + " If it serves " + owned.cname() + ", swap the CNAMEs back; then terminate " + clone);
                return Outcome.FAILED;
            }
            api.createConfigurationTemplate(request.application(), template, owned.id());
            Instant start = clock.instant();
            api.createEnvironment(
                    request.application(), clone, template, request.versionLabel(), policy.optionSettings());
            if (awaitVersion(request, clone, request.versionLabel(), Optional.empty(), start) != Result.HEALTHY) {
                out.println("clone " + clone + " did not become healthy; terminating it, " + request.environment()
                        + " keeps serving");
                retireClone();
                return Outcome.FAILED;
            }
            api.swapCnames(request.environment(), clone);
            out.println("swapped CNAMEs: " + clone + " now serves " + owned.cname() + "; " + request.environment()
                    + " kept on " + owned.versionLabel().orElse("its version") + " for " + policy.rollbackWindow()
                    + " (roll back: swap the CNAMEs again)");
            api.pause(policy.rollbackWindow());

            var ownedNow = describe(request, request.environment()).orElseThrow();
            if (owned.cname().equals(ownedNow.cname())) {
                out.println(request.environment() + " serves " + owned.cname()
                        + " again: the swap was rolled back during the window; terminating " + clone);
                retireClone();
                return Outcome.FAILED_ROLLED_BACK;
            }
            // The owned environment takes no traffic now: all at once is safe and fastest.
            Instant configure = clock.instant();
            api.updateEnvironment(request.environment(), null, policy.optionSettings());
            if (awaitReady(request, request.environment(), configure) != Result.HEALTHY) {
                abortAndAwaitReady(request, request.environment());
                out.println(request.environment() + " did not take its deployment policy; " + clone + " keeps serving "
                        + owned.cname() + ". Swap the CNAMEs back, then terminate " + clone);
                return Outcome.FAILED;
            }
            Instant update = clock.instant();
            api.updateEnvironment(request.environment(), request.versionLabel(), List.of());
            Result result =
                    awaitVersion(request, request.environment(), request.versionLabel(), owned.versionLabel(), update);
            if (result != Result.HEALTHY) {
                if (result == Result.TIMED_OUT) {
                    abortAndAwaitReady(request, request.environment());
                }
                out.println(request.environment() + " did not take " + request.versionLabel() + "; " + clone
                        + " keeps serving " + owned.cname() + " with it. Fix " + request.environment()
                        + ", then swap the CNAMEs back and terminate " + clone);
                return Outcome.FAILED;
            }
            api.swapCnames(clone, request.environment());
            Duration drain = DNS_DRAIN.compareTo(policy.rollbackWindow()) < 0 ? DNS_DRAIN : policy.rollbackWindow();
            out.println("swapped CNAMEs back: " + request.environment() + " serves " + owned.cname() + " on "
                    + request.versionLabel() + "; " + clone + " drains for " + drain);
            api.pause(drain);
            retireClone();
            out.println("deployed " + request.versionLabel() + " to " + request.environment() + " with BlueGreen");
            return Outcome.DEPLOYED;
        }

        private void retireClone() {
            api.terminateEnvironment(clone);
            api.deleteConfigurationTemplate(request.application(), template);
        }
    }

    /** The blue/green clone of an environment: always {@code <env>-b}, never the owned name. */
    static String cloneName(String environment) {
        return environment + "-b";
    }

    /** Until the environment is Ready (HEALTHY here means only that), or the timeout (TIMED_OUT). */
    private Result awaitReady(Request request, String environment, Instant start) {
        var progress = new Progress(request, environment, start);
        while (true) {
            var poll = progress.poll();
            if ("Ready".equals(poll.state().status())) {
                return Result.HEALTHY;
            }
            if (progress.pastDeadline()) {
                return Result.TIMED_OUT;
            }
        }
    }

    /**
     * Until the environment is Ready on {@code label} and its health, reported about that version,
     * is Green; UNHEALTHY on an ERROR event, on Elastic Beanstalk ending the operation on another
     * version, or when Green does not come within the health grace; TIMED_OUT while still busy.
     */
    private Result awaitVersion(
            Request request, String environment, String label, Optional<String> previous, Instant start) {
        var progress = new Progress(request, environment, start);
        boolean sawOperation = false;
        boolean error = false;
        Instant readyAt = null;
        while (true) {
            var poll = progress.poll();
            error |= poll.error();
            String status = poll.state().status();
            boolean onLabel = poll.state().versionLabel().filter(label::equals).isPresent();
            sawOperation |= !"Ready".equals(status);
            boolean ended =
                    "Ready".equals(status) && (sawOperation || (onLabel && !previous.equals(Optional.of(label))));
            if (ended) {
                if (error || !onLabel) {
                    return Result.UNHEALTHY;
                }
                Instant now = clock.instant();
                if (readyAt == null) {
                    readyAt = now;
                    if (!"Green".equals(poll.health().color())) {
                        out.println("  waiting for the health of " + label + " (up to " + request.healthGrace() + ")");
                    }
                }
                boolean reportIsAboutNewVersion = !now.isBefore(readyAt.plus(request.healthSettle()));
                if (reportIsAboutNewVersion && "Green".equals(poll.health().color())) {
                    return Result.HEALTHY;
                }
                if (!now.isBefore(readyAt.plus(request.healthGrace()))) {
                    out.println("  " + label + " is " + poll.health().color() + " " + request.healthGrace()
                            + " after the deploy ended");
                    return Result.UNHEALTHY;
                }
            } else if (progress.pastDeadline()) {
                return Result.TIMED_OUT;
            }
        }
    }

    private Optional<EnvironmentState> describe(Request request, String environment) {
        return api.describeEnvironment(request.application(), environment);
    }

    /** One poll: new events, health and status, printed as a line of progress. */
    private record Poll(EnvironmentState state, DeployApi.Health health, boolean error) {}

    /** Polls one environment every poll interval from {@code start}, printing what changed. */
    private final class Progress {
        private final Request request;
        private final String environment;
        private final Instant start;
        private final Instant deadline;
        private final Set<String> seen = new HashSet<>();

        Progress(Request request, String environment, Instant start) {
            this.request = request;
            this.environment = environment;
            this.start = start;
            this.deadline = start.plus(request.timeout());
        }

        Poll poll() {
            api.pause(request.pollInterval());
            boolean error = false;
            for (var event : api.eventsSince(request.application(), environment, start)) {
                if (seen.add(event.date() + event.message())) {
                    out.printf("  [%s] %-5s %s%n", elapsed(), event.severity(), event.message());
                    error |= "ERROR".equals(event.severity()) || "FATAL".equals(event.severity());
                }
            }
            var health = api.environmentHealth(environment);
            var state = describe(request, environment)
                    .orElseThrow(() -> new IllegalStateException(environment + " disappeared"));
            out.printf(
                    "  [%s] %-9s health %-6s %-8s instances ok %d/%d  version %s%s%n",
                    elapsed(),
                    state.status(),
                    health.color(),
                    health.healthStatus(),
                    health.instancesOk(),
                    health.instancesTotal(),
                    state.versionLabel().orElse("-"),
                    health.causes() == null || health.causes().isEmpty() ? "" : "  " + health.causes());
            return new Poll(state, health, error);
        }

        boolean pastDeadline() {
            return !clock.instant().isBefore(deadline);
        }

        private String elapsed() {
            long s = Duration.between(start, clock.instant()).toSeconds();
            return String.format("%02d:%02d", s / 60, s % 60);
        }
    }
}

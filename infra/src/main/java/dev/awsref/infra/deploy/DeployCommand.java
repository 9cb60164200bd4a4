package dev.awsref.infra.deploy;

import dev.awsref.infra.bundle.BundleBuilder;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.regions.Region;

/**
 * Deploys one service to its Elastic Beanstalk environment with a chosen policy.
 *
 * <pre>
 * deploy --service order-service --env prod --policy Rolling --batch-size 30% [--dry-run]
 * </pre>
 *
 * Java and the AWS SDK rather than a shell script on the AWS CLI: the policy type and its
 * validation are shared with the CDK app, the calls are typed, and the tests can check every
 * request against a local endpoint.
 */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = "Deploy a service to Elastic Beanstalk with a deployment policy.")
public final class DeployCommand implements Callable<Integer> {

    @Option(
            names = "--service",
            required = true,
            completionCandidates = ModelServices.class,
            description = "a service the topology model declares: ${COMPLETION-CANDIDATES}")
    String service;

    @Option(names = "--env", required = true, description = "environment prefix used with the CDK app (-c env=...)")
    String env;

    @Option(
            names = "--policy",
            defaultValue = "Rolling",
            description =
                    "AllAtOnce, Rolling, RollingWithAdditionalBatch, Immutable, TrafficSplitting or BlueGreen (default: ${DEFAULT-VALUE})")
    String policy;

    @Option(names = "--batch-size", description = "Rolling policies: 30% or a number of instances (default 30%)")
    String batchSize;

    @Option(
            names = "--new-version-percent",
            description = "TrafficSplitting: share of traffic for the new version (default 10)")
    String newVersionPercent;

    @Option(
            names = "--evaluation-time",
            description = "TrafficSplitting: how long to watch the new version, e.g. 5m (default 5m)")
    String evaluationTime;

    @Option(
            names = "--rollback-window",
            description = "BlueGreen: how long the old environment is kept after the swap (default 1h)")
    String rollbackWindow;

    @Option(names = "--bundle", description = "a source bundle zip; otherwise one is built from --jar")
    Path bundle;

    @Option(
            names = "--jar",
            description =
                    "the service's Spring Boot jar (default <project>/<service>/target/<service>-0.1.0-SNAPSHOT.jar)")
    Path jar;

    @Option(names = "--version-label", description = "application version label (default <service>-<UTC time>)")
    String versionLabel;

    @Option(names = "--region", description = "AWS region (default AWS_REGION, else us-east-1)")
    String region;

    @Option(names = "--endpoint-url", hidden = true, description = "send every call to this endpoint (tests)")
    URI endpoint;

    @Option(
            names = "--poll-interval",
            defaultValue = "10s",
            description = "time between progress polls (default ${DEFAULT-VALUE})")
    String pollInterval;

    @Option(
            names = "--timeout",
            description = "abort an operation still running after this long (default: from the policy, e.g."
                    + " TrafficSplitting's evaluation time + launch + one command timeout + 5 min)")
    String timeout;

    @Option(
            names = "--health-grace",
            defaultValue = "5m",
            description = "how long after Ready the new version may take to turn Green (default ${DEFAULT-VALUE})")
    String healthGrace;

    @Option(
            names = "--health-settle",
            defaultValue = "1m",
            description = "a Green report counts only this long after Ready, when it is about the new"
                    + " version's instances (default ${DEFAULT-VALUE})")
    String healthSettle;

    @Option(names = "--dry-run", description = "print every call it would make, make none")
    boolean dryRun;

    /** The services there are to deploy: those the topology model declares. */
    private static final Topology MODEL = ReferenceTopology.definition();

    /** The ids of the model's services, for {@code --service}'s help and completion. */
    static final class ModelServices implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return MODEL.serviceIds().iterator();
        }
    }

    private final PrintStream out;
    private final Clock clock;
    private final Consumer<Duration> sleeper;

    public DeployCommand() {
        this(System.out, Clock.systemUTC());
    }

    public DeployCommand(PrintStream out, Clock clock) {
        this(out, clock, SdkDeployApi::sleep);
    }

    /**
     * @param sleeper how to wait between polls: {@link Thread#sleep} for real; a test that runs
     *     against a simulated control plane advances its simulated clock instead
     */
    public DeployCommand(PrintStream out, Clock clock, Consumer<Duration> sleeper) {
        this.out = out;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DeployCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // Everything that can be wrong with the request is found here, before any call.
        DeploymentPolicy chosen;
        ServiceName serviceName;
        try {
            serviceName = MODEL.findService(service)
                    .map(ServiceSpec::name)
                    .orElseThrow(() -> new InvalidDeploymentPolicyException(List.of("unknown service '" + service
                            + "': the topology model declares " + String.join(", ", new ModelServices()))));
            chosen = DeploymentPolicy.parse(policy, batchSize, newVersionPercent, evaluationTime, rollbackWindow)
                    .requireValidOn(EnvironmentShape.REFERENCE);
        } catch (InvalidDeploymentPolicyException e) {
            out.println(e.getMessage());
            return 2;
        }
        String name = new ResourceNames(env).physical(serviceName.id());
        String label = versionLabel != null
                ? versionLabel
                : service + "-"
                        + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                                .withZone(ZoneOffset.UTC)
                                .format(clock.instant());
        Path source = bundle != null ? bundle : buildBundle();

        var request = new Deployer.Request(
                name,
                name,
                label,
                source,
                chosen,
                DeploymentPolicy.parseDuration(pollInterval),
                timeout != null ? DeploymentPolicy.parseDuration(timeout) : chosen.defaultTimeout(),
                dryRun ? Duration.ZERO : DeploymentPolicy.parseDuration(healthSettle),
                DeploymentPolicy.parseDuration(healthGrace));
        out.printf(
                "deploy %s (%s) to %s with %s; each operation aborted after %s%n",
                service, label, name, describe(chosen), request.timeout());
        if (dryRun) {
            out.println("dry run: the calls a successful deploy makes, in order; nothing is sent");
            new Deployer(new DryRunDeployApi(out), out, clock).deploy(request);
            return 0;
        }
        Region awsRegion = Region.of(
                region != null
                        ? region
                        : Optional.ofNullable(System.getenv("AWS_REGION")).orElse("us-east-1"));
        try (var api = new SdkDeployApi(awsRegion, Optional.ofNullable(endpoint), sleeper)) {
            var outcome = new Deployer(api, out, clock).deploy(request);
            return outcome == Deployer.Outcome.DEPLOYED ? 0 : 1;
        } catch (IllegalStateException | software.amazon.awssdk.core.exception.SdkException e) {
            out.println("deploy stopped: " + e.getMessage());
            return 1;
        }
    }

    private Path buildBundle() throws java.io.IOException {
        Path root = projectRoot();
        Path theJar = jar != null ? jar : BundleBuilder.defaultJar(root, service);
        Path outDir = root.resolve("infra").resolve("target").resolve("bundles");
        if (dryRun && !Files.isRegularFile(theJar)) {
            out.println("(would build " + outDir.resolve(service + "-bundle.zip") + " from " + theJar + ")");
            return outDir.resolve(service + "-bundle.zip");
        }
        return BundleBuilder.build(service, theJar, outDir);
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("mvnw")) && Files.isDirectory(d.resolve("infra"))) {
                return d;
            }
        }
        return dir;
    }

    private static String describe(DeploymentPolicy policy) {
        return switch (policy) {
            case DeploymentPolicy.Rolling r -> "Rolling, batches of " + r.batchSize();
            case DeploymentPolicy.RollingWithAdditionalBatch r ->
                "RollingWithAdditionalBatch, batches of " + r.batchSize();
            case DeploymentPolicy.TrafficSplitting t ->
                "TrafficSplitting, " + t.newVersionPercent() + "% of traffic for "
                        + t.evaluationTime().toMinutes() + " min";
            case DeploymentPolicy.BlueGreen b -> "BlueGreen, old version kept " + b.rollbackWindow();
            default -> policy.name();
        };
    }
}

package dev.awsref.infra.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A test double of Elastic Beanstalk's control plane that holds state: environments with a status
 * (Launching, Updating, Ready, Terminating, Terminated), instances that run an application
 * version, health that follows those instances over (simulated) time, and deployments that move
 * through batches as the environment's deployment policy says. It speaks the Elastic Beanstalk
 * Query API (and S3 PUT for the bundle), so the deploy command's real SDK client is pointed at
 * it, and it refuses what Elastic Beanstalk refuses:
 *
 * <ul>
 *   <li>{@code UpdateEnvironment} unless the environment is Ready ("is in an invalid state for
 *       this operation. Must be Ready.");
 *   <li>{@code SwapEnvironmentCNAMEs} unless both environments are Ready;
 *   <li>anything on a terminated environment, which is gone from {@code DescribeEnvironments};
 *   <li>{@code AbortEnvironmentUpdate} when no update is in progress;
 *   <li>{@code CreateApplicationVersion} for a label that exists or a bundle never uploaded;
 *   <li>{@code CreateEnvironment} with the name of an environment that is not terminated.
 * </ul>
 *
 * It is not Elastic Beanstalk: timings are round numbers (launch 2 min, a healthy version starts
 * in 1 min, the health report lags 1 min), and a version's health is what the test declares. The
 * recorded-request tests ({@link RecordingEndpoint}) pin exact call sequences; this one checks that
 * a scenario of deploys leaves the environments where Elastic Beanstalk would.
 */
final class FakeElasticBeanstalk implements AutoCloseable {

    static final String BUCKET = "elasticbeanstalk-us-east-1-123456789012";
    static final String SAMPLE = "Sample Application";
    static final Duration LAUNCH = Duration.ofMinutes(2);
    /** Health as reported trails the instances: ALB checks (3 x 15 s to healthy) plus the agent's report. */
    static final Duration HEALTH_REPORT_LAG = Duration.ofMinutes(1);

    /** Unpacking the bundle and restarting the application on an instance. */
    static final Duration APPLICATION_DEPLOY = Duration.ofSeconds(30);

    static final Duration CONFIGURATION_UPDATE = Duration.ofSeconds(30);
    /** How long a batch may take to pass: the default command timeout plus the 240 s EB adds. */
    static final Duration COMMAND_TIMEOUT = DeploymentPolicy.COMMAND_TIMEOUT;

    private static final String NS = "http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/";

    /** How an application version behaves once an instance runs it. */
    record Behaviour(boolean healthy, Duration startup) {
        static final Behaviour HEALTHY = new Behaviour(true, Duration.ofMinutes(1));
        static final Behaviour UNHEALTHY = new Behaviour(false, Duration.ofMinutes(1));
    }

    record Event(Instant date, String severity, String message) {}

    /** A refused call, as Elastic Beanstalk would answer it. */
    record Refusal(String action, String environment, String message) {}

    static final class Instance {
        String version;
        Instant since;
        String previousVersion;
        Instant previousSince;
        final boolean additional;

        Instance(String version, Instant since, boolean additional) {
            this.version = version;
            this.since = since;
            this.additional = additional;
        }

        void run(String newVersion, Instant at) {
            previousVersion = version;
            previousSince = since;
            version = newVersion;
            since = at;
        }
    }

    final class Environment {
        final String name;
        final String id;
        String cname;
        String status = "Ready";
        String label;
        final List<Instance> instances = new ArrayList<>();
        final Map<String, String> settings = new LinkedHashMap<>();
        final List<Event> events = new ArrayList<>();
        /** The version an update in progress replaces, and the instances' versions before it. */
        String replacedLabel;

        Map<Instance, String> versionsBefore;

        boolean abortable;

        Environment(String name, String cname) {
            this.name = name;
            this.id = "e-" + (100000 + environments.size());
            this.cname = cname;
        }

        void event(Instant at, String severity, String message) {
            events.add(new Event(at, severity, message));
        }

        String setting(String option, String fallback) {
            return settings.getOrDefault("aws:elasticbeanstalk:command/" + option, fallback);
        }
    }

    private record Step(Instant at, long order, Environment environment, Consumer<Instant> action) {}

    private final SimulatedClock clock;
    private final HttpServer server;
    private final Map<String, Environment> environments = new LinkedHashMap<>();
    private final List<Environment> terminated = new ArrayList<>();
    private final Map<String, Behaviour> behaviours = new HashMap<>();
    private final Set<String> versions = new HashSet<>();
    private final Set<String> uploads = new HashSet<>();
    private final Map<String, Map<String, String>> templates = new HashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private long stepOrder;

    FakeElasticBeanstalk(SimulatedClock clock) throws IOException {
        this.clock = clock;
        behaviours.put(SAMPLE, Behaviour.UNHEALTHY); // the sample application fails /readyz
        versions.add(SAMPLE);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * An environment as the CDK app creates it: Ready, {@code instances} instances on the sample
     * application (or the given first version), with the option settings CloudFormation wrote.
     */
    synchronized Environment cloudFormationEnvironment(
            String name, String firstVersion, int instances, Map<String, String> settings) {
        versions.add(firstVersion);
        var env = new Environment(name, name + ".us-east-1.elasticbeanstalk.com");
        env.label = firstVersion;
        Instant started = clock.instant().minus(Duration.ofHours(1));
        for (int i = 0; i < instances; i++) {
            env.instances.add(new Instance(firstVersion, started, false));
        }
        env.settings.putAll(settings);
        environments.put(name, env);
        return env;
    }

    synchronized void behave(String label, Behaviour behaviour) {
        behaviours.put(label, behaviour);
    }

    synchronized Optional<Environment> environment(String name) {
        advance();
        return Optional.ofNullable(environments.get(name));
    }

    synchronized List<String> terminatedEnvironments() {
        return terminated.stream().map(e -> e.name).toList();
    }

    synchronized List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    synchronized String color(String name) {
        advance();
        return health(environments.get(name)).color();
    }

    // ---------------------------------------------------------------- time

    private void schedule(Environment env, Instant at, Consumer<Instant> action) {
        steps.add(new Step(at, stepOrder++, env, action));
    }

    /** Runs every step due by now, in time order; a step may schedule later ones. */
    private void advance() {
        Instant now = clock.instant();
        while (true) {
            var next = steps.stream()
                    .filter(s -> !s.at().isAfter(now))
                    .min(Comparator.comparing(Step::at).thenComparingLong(Step::order));
            if (next.isEmpty()) {
                return;
            }
            steps.remove(next.get());
            next.get().action().accept(next.get().at());
        }
    }

    private void cancelSteps(Environment env) {
        steps.removeIf(s -> s.environment() == env);
    }

    // ---------------------------------------------------------------- health

    record HealthView(String color, String status, int ok, int pending, int severe, List<String> causes) {}

    private HealthView health(Environment env) {
        Instant seen = clock.instant().minus(HEALTH_REPORT_LAG);
        int ok = 0;
        int pending = 0;
        int severe = 0;
        for (Instance instance : env.instances) {
            String version = instance.version;
            Instant since = instance.since;
            if (since.isAfter(seen) && instance.previousVersion != null) {
                version = instance.previousVersion; // the last report is from before the switch
                since = instance.previousSince;
            }
            Behaviour behaviour = behaviours.getOrDefault(version, Behaviour.HEALTHY);
            if (since.isAfter(seen) || seen.isBefore(since.plus(behaviour.startup()))) {
                pending++;
            } else if (behaviour.healthy()) {
                ok++;
            } else {
                severe++;
            }
        }
        int total = ok + pending + severe;
        if (total == 0) {
            return new HealthView("Grey", "Pending", 0, 0, 0, List.of("No instances."));
        }
        if (severe * 2 > total) {
            return new HealthView(
                    "Red",
                    "Severe",
                    ok,
                    pending,
                    severe,
                    List.of(severe + " of " + total + " instances fail health checks on " + HEALTH_CHECK));
        }
        if (severe > 0) {
            return new HealthView("Yellow", "Warning", ok, pending, severe, List.of("some instances fail"));
        }
        if (pending > 0) {
            return new HealthView("Grey", "Pending", ok, pending, severe, List.of("instances starting"));
        }
        return new HealthView("Green", "Ok", ok, pending, severe, List.of());
    }

    private static final String HEALTH_CHECK = "/readyz";

    private Behaviour behaviour(String label) {
        return behaviours.getOrDefault(label, Behaviour.HEALTHY);
    }

    // ---------------------------------------------------------------- deployments

    private void startDeployment(Environment env, String label, Instant t) {
        env.status = "Updating";
        env.replacedLabel = env.label;
        env.versionsBefore = new LinkedHashMap<>();
        env.instances.forEach(i -> env.versionsBefore.put(i, i.version));
        env.abortable = true;
        env.event(t, "INFO", "Environment update is starting.");
        String policy = env.setting("DeploymentPolicy", "AllAtOnce");
        switch (policy) {
            case "AllAtOnce" -> {
                // Every instance at once; the deployment ends when the application is in place, and
                // health follows as the instances report it.
                env.instances.forEach(i -> i.run(label, t));
                schedule(env, t.plus(APPLICATION_DEPLOY), at -> complete(env, label, at));
            }
            case "Rolling" -> rollBatches(env, label, batches(env, env.instances), t);
            case "RollingWithAdditionalBatch" -> {
                var originals = List.copyOf(env.instances);
                int extra = batchSize(env, originals.size());
                env.event(t, "INFO", "Launching a new batch of " + extra + " instance(s).");
                for (int i = 0; i < extra; i++) {
                    env.instances.add(new Instance(label, t.plus(LAUNCH), true));
                }
                Instant launched = t.plus(LAUNCH).plus(behaviour(label).startup());
                schedule(env, launched, at -> {
                    if (!behaviour(label).healthy()) {
                        schedule(env, at.plus(COMMAND_TIMEOUT), fail -> failInPlace(env, fail));
                        return;
                    }
                    var rest = new ArrayList<>(originals);
                    rest.subList(0, Math.min(extra, rest.size())).clear(); // the new batch replaces the first
                    env.instances.removeAll(originals.subList(0, Math.min(extra, originals.size())));
                    rollBatches(env, label, batches(env, rest), at);
                });
            }
            case "Immutable", "TrafficSplitting" -> launchAside(env, label, t, policy.equals("TrafficSplitting"));
            default -> throw new IllegalStateException("unknown policy " + policy);
        }
    }

    private int batchSize(Environment env, int instances) {
        int value = Integer.parseInt(env.setting("BatchSize", "100"));
        boolean fixed = "Fixed".equals(env.setting("BatchSizeType", "Percentage"));
        int size = fixed ? value : (int) Math.ceil(instances * value / 100.0);
        return Math.max(1, Math.min(size, instances));
    }

    private List<List<Instance>> batches(Environment env, List<Instance> instances) {
        int size = batchSize(env, instances.size());
        var batches = new ArrayList<List<Instance>>();
        for (int i = 0; i < instances.size(); i += size) {
            batches.add(List.copyOf(instances.subList(i, Math.min(i + size, instances.size()))));
        }
        return batches;
    }

    /** Deploys batch after batch on the running instances; each must pass health before the next. */
    private void rollBatches(Environment env, String label, List<List<Instance>> batches, Instant t) {
        if (batches.isEmpty()) {
            complete(env, label, t);
            return;
        }
        var batch = batches.getFirst();
        env.event(t, "INFO", "Deploying " + label + " to " + batch.size() + " instance(s).");
        batch.forEach(i -> i.run(label, t));
        Behaviour behaviour = behaviour(label);
        if (behaviour.healthy()) {
            schedule(
                    env,
                    t.plus(behaviour.startup()),
                    at -> rollBatches(env, label, batches.subList(1, batches.size()), at));
        } else {
            schedule(env, t.plus(COMMAND_TIMEOUT), at -> failInPlace(env, at));
        }
    }

    /** Immutable and TrafficSplitting: new instances beside the old; they take over only when healthy. */
    private void launchAside(Environment env, String label, Instant t, boolean canary) {
        int count = env.instances.size();
        var fresh = new ArrayList<Instance>();
        for (int i = 0; i < count; i++) {
            fresh.add(new Instance(label, t.plus(LAUNCH), true));
        }
        env.instances.addAll(fresh);
        env.event(t, "INFO", "Launching " + count + " new instance(s) with " + label + ".");
        Behaviour behaviour = behaviour(label);
        Instant healthy = t.plus(LAUNCH).plus(behaviour.startup());
        if (!behaviour.healthy()) {
            schedule(env, t.plus(LAUNCH).plus(COMMAND_TIMEOUT), at -> {
                env.instances.removeAll(fresh);
                env.status = "Ready";
                env.abortable = false;
                env.event(
                        at,
                        "ERROR",
                        canary
                                ? "Traffic-splitting deployment failed: new instances unhealthy; traffic moved back."
                                : "Failed to deploy application: new instances did not pass health checks.");
            });
            return;
        }
        Duration evaluation = canary
                ? Duration.ofMinutes(Long.parseLong(
                        env.settings.getOrDefault(OptionSetting.TRAFFIC_SPLITTING + "/EvaluationTime", "5")))
                : Duration.ZERO;
        if (canary) {
            schedule(env, healthy, at -> env.event(at, "INFO", "Evaluating new instances for " + evaluation + "."));
        }
        schedule(env, healthy.plus(evaluation), at -> {
            env.instances.removeIf(i -> !fresh.contains(i));
            fresh.forEach(i -> i.previousVersion = null);
            complete(env, label, at);
        });
    }

    private void complete(Environment env, String label, Instant at) {
        env.instances.removeIf(i -> i.additional && env.versionsBefore != null && !label.equals(i.version));
        env.label = label;
        env.status = "Ready";
        env.abortable = false;
        env.event(at, "INFO", "Environment update completed successfully.");
    }

    private void failInPlace(Environment env, Instant at) {
        env.status = "Ready";
        env.abortable = false;
        env.event(
                at,
                "ERROR",
                "Failed to deploy application: instances did not pass health checks within "
                        + COMMAND_TIMEOUT.toSeconds() + " s.");
    }

    /**
     * AbortEnvironmentUpdate: Elastic Beanstalk rolls back "the same way it performed the last
     * successful update": instances that got the new version go back batch by batch; instances
     * launched beside the old ones are terminated.
     */
    private void abort(Environment env, Instant t) {
        cancelSteps(env);
        env.event(t, "INFO", "Aborting environment update; rolling back.");
        env.instances.removeIf(i -> i.additional && !env.versionsBefore.containsKey(i));
        var changed = env.instances.stream()
                .filter(i -> env.versionsBefore.containsKey(i)
                        && !env.versionsBefore.get(i).equals(i.version))
                .toList();
        var backTo = new ArrayList<List<Instance>>();
        if (!changed.isEmpty()) {
            backTo.addAll(batches(env, changed));
        }
        env.abortable = false;
        rollBack(env, backTo, t);
    }

    private void rollBack(Environment env, List<List<Instance>> batches, Instant t) {
        if (batches.isEmpty()) {
            env.label = env.replacedLabel;
            env.status = "Ready";
            env.event(t, "INFO", "Environment update was aborted; " + env.name + " runs " + env.label + ".");
            return;
        }
        var batch = batches.getFirst();
        batch.forEach(i -> i.run(env.versionsBefore.get(i), t));
        Duration startup = behaviour(batch.getFirst().version).startup();
        schedule(env, t.plus(startup), at -> rollBack(env, batches.subList(1, batches.size()), at));
    }

    // ---------------------------------------------------------------- the Query API

    private static final class Refused extends RuntimeException {
        final String code;

        Refused(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    private synchronized byte[] answer(String action, Map<String, String> p) {
        advance();
        Instant now = clock.instant();
        return switch (action) {
            case "CreateStorageLocation" -> result(action, "<S3Bucket>" + BUCKET + "</S3Bucket>");
            case "CreateApplicationVersion" -> {
                String label = p.get("VersionLabel");
                String key = "/" + p.get("SourceBundle.S3Bucket") + "/" + p.get("SourceBundle.S3Key");
                if (versions.contains(label)) {
                    throw new Refused("InvalidParameterValue", "Application Version " + label + " already exists.");
                }
                if (!uploads.contains(key)) {
                    throw new Refused("InvalidParameterCombination", "Unable to download from S3 location " + key);
                }
                versions.add(label);
                yield result(
                        action,
                        "<ApplicationVersion><VersionLabel>" + label + "</VersionLabel>"
                                + "<Status>UNPROCESSED</Status></ApplicationVersion>");
            }
            case "DescribeEnvironments" -> {
                var names = members(p, "EnvironmentNames");
                var out = new StringBuilder("<Environments>");
                environments.values().stream()
                        .filter(e -> names.isEmpty() || names.contains(e.name))
                        .forEach(e ->
                                out.append("<member>").append(description(e)).append("</member>"));
                yield result(action, out.append("</Environments>").toString());
            }
            case "UpdateEnvironment" -> {
                var env = live(p.get("EnvironmentName"));
                if (!"Ready".equals(env.status)) {
                    throw new Refused(
                            "InvalidParameterValue",
                            "Environment named " + env.name
                                    + " is in an invalid state for this operation. Must be Ready.");
                }
                var settings = optionSettings(p);
                String label = p.get("VersionLabel");
                if (label != null && !versions.contains(label)) {
                    throw new Refused("InvalidParameterValue", "No Application Version named '" + label + "' found.");
                }
                env.settings.putAll(settings);
                if (label != null) {
                    startDeployment(env, label, now);
                } else {
                    env.status = "Updating";
                    env.abortable = true;
                    env.replacedLabel = env.label;
                    env.versionsBefore = new LinkedHashMap<>();
                    env.instances.forEach(i -> env.versionsBefore.put(i, i.version));
                    env.event(now, "INFO", "Updating environment " + env.name + "'s configuration settings.");
                    schedule(env, now.plus(CONFIGURATION_UPDATE), at -> {
                        env.status = "Ready";
                        env.abortable = false;
                        env.event(at, "INFO", "Successfully deployed new configuration to environment.");
                    });
                }
                yield result(action, description(env));
            }
            case "AbortEnvironmentUpdate" -> {
                var env = live(p.get("EnvironmentName"));
                if (!"Updating".equals(env.status) || !env.abortable) {
                    throw new Refused(
                            "InvalidParameterValue", "No update in progress that can be aborted on " + env.name + ".");
                }
                abort(env, now);
                yield result(action, "");
            }
            case "DescribeEvents" -> {
                var env = environments.get(p.get("EnvironmentName"));
                Instant since = p.containsKey("StartTime") ? Instant.parse(p.get("StartTime")) : Instant.EPOCH;
                var out = new StringBuilder("<Events>");
                if (env != null) {
                    env.events.stream()
                            .filter(e -> !e.date().isBefore(since))
                            .forEach(e -> out.append("<member><EventDate>")
                                    .append(e.date())
                                    .append("</EventDate><Severity>")
                                    .append(e.severity())
                                    .append("</Severity><EnvironmentName>")
                                    .append(env.name)
                                    .append("</EnvironmentName><Message>")
                                    .append(escape(e.message()))
                                    .append("</Message></member>"));
                }
                yield result(action, out.append("</Events>").toString());
            }
            case "DescribeEnvironmentHealth" -> {
                var env = live(p.get("EnvironmentName"));
                var h = health(env);
                var causes = new StringBuilder();
                h.causes()
                        .forEach(
                                c -> causes.append("<member>").append(escape(c)).append("</member>"));
                yield result(
                        action,
                        "<EnvironmentName>" + env.name + "</EnvironmentName><Status>" + env.status + "</Status><Color>"
                                + h.color() + "</Color><HealthStatus>" + h.status() + "</HealthStatus><Causes>"
                                + causes + "</Causes><InstancesHealth><Ok>" + h.ok() + "</Ok><Pending>"
                                + h.pending() + "</Pending><Severe>" + h.severe() + "</Severe></InstancesHealth>");
            }
            case "CreateConfigurationTemplate" -> {
                String id = p.get("EnvironmentId");
                var source = environments.values().stream()
                        .filter(e -> e.id.equals(id))
                        .findFirst()
                        .orElseThrow(() -> new Refused(
                                "InvalidParameterValue", "No Environment found for EnvironmentId = '" + id + "'."));
                String name = p.get("TemplateName");
                if (templates.containsKey(name)) {
                    throw new Refused("InvalidParameterValue", "Configuration Template " + name + " already exists.");
                }
                templates.put(name, new LinkedHashMap<>(source.settings));
                yield result(action, "<TemplateName>" + name + "</TemplateName>");
            }
            case "DeleteConfigurationTemplate" -> {
                if (templates.remove(p.get("TemplateName")) == null) {
                    throw new Refused(
                            "InvalidParameterValue",
                            "No Configuration Template named '" + p.get("TemplateName") + "' found.");
                }
                yield result(action, "");
            }
            case "CreateEnvironment" -> {
                String name = p.get("EnvironmentName");
                if (environments.containsKey(name)) {
                    throw new Refused("InvalidParameterValue", "Environment " + name + " already exists.");
                }
                var template = templates.get(p.get("TemplateName"));
                if (template == null) {
                    throw new Refused(
                            "InvalidParameterValue",
                            "No Configuration Template named '" + p.get("TemplateName") + "' found.");
                }
                String label = p.get("VersionLabel");
                if (!versions.contains(label)) {
                    throw new Refused("InvalidParameterValue", "No Application Version named '" + label + "' found.");
                }
                var env = new Environment(
                        name, name + "-" + Long.toHexString(stepOrder + 4096) + ".us-east-1.elasticbeanstalk.com");
                env.status = "Launching";
                env.settings.putAll(template);
                env.settings.putAll(optionSettings(p));
                environments.put(name, env);
                env.event(now, "INFO", "createEnvironment is starting.");
                int count = Integer.parseInt(env.settings.getOrDefault("aws:autoscaling:asg/MinSize", "2"));
                for (int i = 0; i < count; i++) {
                    env.instances.add(new Instance(label, now.plus(LAUNCH), false));
                }
                schedule(env, now.plus(LAUNCH).plus(behaviour(label).startup()), at -> {
                    env.label = label;
                    env.status = "Ready";
                    env.event(at, "INFO", "Successfully launched environment: " + name);
                });
                yield result(action, description(env));
            }
            case "SwapEnvironmentCNAMEs" -> {
                var source = live(p.get("SourceEnvironmentName"));
                var destination = live(p.get("DestinationEnvironmentName"));
                for (var env : List.of(source, destination)) {
                    if (!"Ready".equals(env.status)) {
                        throw new Refused(
                                "InvalidParameterValue",
                                "Environment named " + env.name
                                        + " is in an invalid state for this operation. Must be Ready.");
                    }
                }
                String cname = source.cname;
                source.cname = destination.cname;
                destination.cname = cname;
                source.event(now, "INFO", "Completed swapping CNAMEs for environments.");
                destination.event(now, "INFO", "Completed swapping CNAMEs for environments.");
                yield result(action, "");
            }
            case "TerminateEnvironment" -> {
                var env = live(p.get("EnvironmentName"));
                cancelSteps(env);
                env.status = "Terminating";
                env.event(now, "INFO", "terminateEnvironment is starting.");
                schedule(env, now.plus(Duration.ofMinutes(5)), at -> {
                    env.status = "Terminated";
                    environments.remove(env.name);
                    terminated.add(env);
                });
                yield result(action, description(env));
            }
            default -> throw new Refused("InvalidAction", "The fake does not know " + action);
        };
    }

    /** An environment that exists and is not terminated (or being terminated). */
    private Environment live(String name) {
        var env = environments.get(name);
        if (env == null || "Terminating".equals(env.status)) {
            throw new Refused("InvalidParameterValue", "No Environment found for EnvironmentName = '" + name + "'.");
        }
        return env;
    }

    private String description(Environment e) {
        return "<EnvironmentName>" + e.name + "</EnvironmentName><EnvironmentId>" + e.id + "</EnvironmentId>"
                + "<ApplicationName>" + e.name.replaceFirst("-b$", "") + "</ApplicationName>"
                + (e.label == null ? "" : "<VersionLabel>" + escape(e.label) + "</VersionLabel>") + "<Status>"
                + e.status + "</Status><Health>" + health(e).color() + "</Health><CNAME>" + e.cname + "</CNAME>";
    }

    private static Map<String, String> optionSettings(Map<String, String> p) {
        var settings = new LinkedHashMap<String, String>();
        for (int i = 1; p.containsKey("OptionSettings.member." + i + ".Namespace"); i++) {
            String prefix = "OptionSettings.member." + i + ".";
            settings.put(p.get(prefix + "Namespace") + "/" + p.get(prefix + "OptionName"), p.get(prefix + "Value"));
        }
        return settings;
    }

    private static List<String> members(Map<String, String> p, String list) {
        var values = new ArrayList<String>();
        for (int i = 1; p.containsKey(list + ".member." + i); i++) {
            values.add(p.get(list + ".member." + i));
        }
        return values;
    }

    private static byte[] result(String action, String body) {
        return ("<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + body + "</" + action
                        + "Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></" + action
                        + "Response>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if ("PUT".equals(exchange.getRequestMethod())) {
            synchronized (this) {
                uploads.add(exchange.getRequestURI().getPath());
            }
            exchange.getResponseHeaders().add("ETag", "\"0123\"");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        Map<String, String> params = AwsQueryForm.parse(new String(body, StandardCharsets.UTF_8));
        String action = params.remove("Action");
        byte[] xml;
        int status = 200;
        try {
            xml = answer(action, params);
        } catch (Refused refused) {
            synchronized (this) {
                refusals.add(new Refusal(
                        action,
                        Optional.ofNullable(params.get("EnvironmentName"))
                                .orElse(params.getOrDefault("SourceEnvironmentName", "")),
                        refused.getMessage()));
            }
            status = 400;
            xml = ("<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + refused.code
                            + "</Code><Message>" + escape(refused.getMessage()) + "</Message></Error>"
                            + "<RequestId>fake</RequestId></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
        }
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, xml.length);
        exchange.getResponseBody().write(xml);
        exchange.close();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

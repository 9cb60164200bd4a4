package dev.awsref.infra;

import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The whole deployment in one place: network, data, messaging and streaming from the topology
 * model, authentication, then one Elastic Beanstalk stack per service the model declares. cdk-nag's AwsSolutions
 * checks run on every synth; a finding without a suppression (and its reason) fails it.
 *
 * <pre>cd infra && npx aws-cdk@2.1148.1 synth -c env=prod</pre>
 */
public final class InfraApp {

    /** Every stack of one environment, for the app and for the tests. */
    public record Stacks(
            NetworkStack network,
            DataStack data,
            MessagingStack messaging,
            StreamingStack streaming,
            AuthStack auth,
            DashboardStack dashboard,
            /** In the model's order of {@link Topology#services()}. */
            Map<ServiceName, ServiceStack> services,
            /** With {@code -c githubRepository=owner/repo} only. */
            Optional<GithubDeployRoleStack> githubDeployRole,
            /** With {@code -c failoverDomain=...} only. */
            Optional<FailoverDnsStack> failover) {}

    private InfraApp() {}

    public static void main(String[] args) {
        // The CDK CLI tells the app where to write through CDK_OUTDIR; the Maven build, which runs
        // the app in-process to keep the synthesized templates in target/cdk.out, through a property.
        String outdir = System.getProperty("cdk.outdir");
        App app = outdir == null
                ? new App()
                : new App(AppProps.builder()
                        .outdir(outdir)
                        .context(contextFromProperties())
                        .build());
        InfraSettings settings = InfraSettings.fromContext(app.getNode());
        Object bundleDir = app.getNode().tryGetContext("bundleDir");
        build(
                app,
                settings,
                ReferenceTopology.definition(),
                Optional.ofNullable(bundleDir).map(d -> Path.of(d.toString())));
        Aspects.of(app).add(new AwsSolutionsChecks());
        var assembly = app.synth();
        if (outdir != null) {
            System.out.printf(
                    "synthesized %d stacks into %s%n", assembly.getStacks().size(), assembly.getDirectory());
        }
    }

    /**
     * @param bundleDir where {@code <service>-bundle.zip} files are; a service whose bundle is there
     *     gets it as its first application version, the others start with Elastic Beanstalk's sample
     *     application until the deploy command deploys them
     */
    public static Stacks build(App app, InfraSettings settings, Topology topology, Optional<Path> bundleDir) {
        InfraSettings.requireEnvironmentNamesFit(settings.env(), topology);
        StackProps props = StackProps.builder()
                .env(Environment.builder()
                        .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                        .region(System.getenv("CDK_DEFAULT_REGION"))
                        .build())
                .build();
        String p = stackPrefix(settings.env());
        var network = new NetworkStack(app, p + "Network", props, settings);
        var data = new DataStack(app, p + "Data", props, settings, network);
        var messaging = new MessagingStack(app, p + "Messaging", props, settings, topology);
        var streaming = new StreamingStack(app, p + "Streaming", props, settings, topology, messaging.opsAlerts());
        var auth = new AuthStack(app, p + "Auth", props, settings);
        var dashboard = new DashboardStack(
                app, p + "Dashboard", props, settings, topology, data.redis().getRef());
        var deps = new ServiceStack.Dependencies(network, data, messaging, streaming, auth);
        var services = new LinkedHashMap<ServiceName, ServiceStack>();
        for (ServiceSpec service : topology.services()) {
            Optional<Path> bundle =
                    bundleDir.map(d -> d.resolve(service.id() + "-bundle.zip")).filter(Files::isRegularFile);
            services.put(
                    service.name(),
                    new ServiceStack(
                            app,
                            p + stackPrefix(service.id()),
                            props,
                            settings,
                            topology,
                            service.name(),
                            deps,
                            bundle));
        }
        Optional<GithubDeployRoleStack> deployRole = settings.githubRepository()
                .map(repository -> new GithubDeployRoleStack(
                        app, p + "GithubDeployRole", props, settings, List.copyOf(services.values())));
        Optional<FailoverDnsStack> failover = settings.disasterRecovery()
                .failover()
                .map(f -> new FailoverDnsStack(
                        app, p + "FailoverDns", props, f, requireService(services, topology, f.serviceId())));
        Tags.of(app).add("project", "aws-decoupled-reference");
        Tags.of(app).add("environment", settings.env());
        return new Stacks(network, data, messaging, streaming, auth, dashboard, services, deployRole, failover);
    }

    /** The stack of the service the failover records point at; it must be one the model deploys. */
    private static ServiceStack requireService(
            Map<ServiceName, ServiceStack> services, Topology topology, String serviceId) {
        return topology.services().stream()
                .filter(s -> s.id().equals(serviceId))
                .findFirst()
                .map(s -> services.get(s.name()))
                .orElseThrow(() -> new IllegalArgumentException(
                        "failoverService must be a service of the model, was " + serviceId));
    }

    /**
     * {@code -Dcdk.context.<key>=<value>} as context, for the synth the Maven build runs in-process
     * (the pom gives a placeholder certificate there, so the templates can be checked without an account).
     */
    static Map<String, Object> contextFromProperties() {
        var context = new LinkedHashMap<String, Object>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("cdk.context."))
                .forEach(name -> context.put(name.substring("cdk.context.".length()), System.getProperty(name)));
        return context;
    }

    /** {@code prod} -> {@code Prod}, {@code order-service} -> {@code OrderService}. */
    static String stackPrefix(String name) {
        var out = new StringBuilder();
        for (String part : name.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }
}

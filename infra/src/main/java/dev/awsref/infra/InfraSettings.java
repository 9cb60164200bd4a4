package dev.awsref.infra;

import dev.awsref.infra.deploy.DeploymentPolicy;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import java.util.Comparator;
import java.util.Optional;
import software.constructs.Node;

/**
 * Everything a reader may choose with {@code cdk synth -c key=value}, read once, with a default
 * for each that gives a working, inexpensive environment. Nothing else reads context.
 *
 * @param env environment prefix of every physical name ({@code prod} gives {@code prod-order-events})
 * @param opsEmail address subscribed to {@code ops-alerts}, if given
 * @param natGateways NAT gateways (1 keeps cost down; 2 survives the loss of an AZ's NAT)
 * @param dbMultiAz RDS standby in the second AZ
 * @param dbBackupRetentionDays automated backups kept (0 switches them off)
 * @param kinesisOnDemand on-demand capacity instead of the model's provisioned shard count
 * @param kinesisRetentionHours stream retention override, or empty for the model's
 * @param solutionStack Elastic Beanstalk platform (Java SE, Corretto 21)
 * @param instanceType EC2 instance type of the service environments
 * @param minInstances instances per environment at rest (2 keeps capacity during Rolling)
 * @param deploymentPolicy the policy written into each environment's option settings
 * @param publicHttpsUrls by service id, the public HTTPS base URL of a service the model subscribes
 *     to SNS over HTTPS ({@code -c publicHttpsUrl.notification-service=https://notify.example.com},
 *     a domain with a certificate in front of its environment); the subscription is created only
 *     for a service that has one, since SNS delivers HTTPS only to a valid certificate
 */
public record InfraSettings(
        String env,
        Optional<String> opsEmail,
        int natGateways,
        boolean dbMultiAz,
        int dbBackupRetentionDays,
        boolean kinesisOnDemand,
        Optional<Integer> kinesisRetentionHours,
        String solutionStack,
        String instanceType,
        int minInstances,
        DeploymentPolicy deploymentPolicy,
        java.util.Map<String, String> publicHttpsUrls) {

    /** Check the name of a current platform with {@code aws elasticbeanstalk list-available-solution-stacks}. */
    public static final String DEFAULT_SOLUTION_STACK = "64bit Amazon Linux 2023 v4.7.1 running Corretto 21";

    /** Elastic Beanstalk's limit on environment names. */
    public static final int MAX_ENVIRONMENT_NAME = 40;

    /** The longest env prefix that fits every environment name the model's services give. */
    public static final int MAX_ENV_LENGTH = maxEnvLength(ReferenceTopology.definition());

    public InfraSettings {
        new ResourceNames(env); // validates the prefix
        requireEnvironmentNamesFit(env, ReferenceTopology.definition());
        if (natGateways < 0 || natGateways > 2) {
            throw new IllegalArgumentException("natGateways must be 0, 1 or 2, was " + natGateways);
        }
        if (dbBackupRetentionDays < 0 || dbBackupRetentionDays > 35) {
            throw new IllegalArgumentException("dbBackupRetentionDays must be 0-35, was " + dbBackupRetentionDays);
        }
        if (minInstances < 1) {
            throw new IllegalArgumentException("minInstances must be at least 1, was " + minInstances);
        }
        publicHttpsUrls = java.util.Map.copyOf(publicHttpsUrls);
        publicHttpsUrls.forEach((service, url) -> {
            if (!url.matches("https://[A-Za-z0-9.-]+(:[0-9]+)?")) {
                throw new IllegalArgumentException(
                        "publicHttpsUrl." + service + " must be an https:// origin without a path, was " + url);
            }
        });
    }

    public static InfraSettings defaults(String env) {
        return new InfraSettings(
                env,
                Optional.empty(),
                1,
                false,
                7,
                false,
                Optional.empty(),
                DEFAULT_SOLUTION_STACK,
                "t3.small",
                2,
                DeploymentPolicy.parse("Rolling", "30%", null, null),
                java.util.Map.of());
    }

    /** Reads {@code -c key=value} context; unknown keys are ignored, bad values fail synth. */
    public static InfraSettings fromContext(Node node) {
        var d = defaults(text(node, "env").orElse("dev"));
        return new InfraSettings(
                d.env(),
                text(node, "opsEmail"),
                text(node, "natGateways").map(Integer::parseInt).orElse(d.natGateways()),
                text(node, "dbMultiAz").map(Boolean::parseBoolean).orElse(d.dbMultiAz()),
                text(node, "dbBackupRetentionDays").map(Integer::parseInt).orElse(d.dbBackupRetentionDays()),
                text(node, "kinesisMode")
                        .map(m -> m.equalsIgnoreCase("ON_DEMAND"))
                        .orElse(d.kinesisOnDemand()),
                text(node, "kinesisRetentionHours").map(Integer::parseInt),
                text(node, "solutionStack").orElse(d.solutionStack()),
                text(node, "instanceType").orElse(d.instanceType()),
                text(node, "minInstances").map(Integer::parseInt).orElse(d.minInstances()),
                DeploymentPolicy.parse(
                        text(node, "deploymentPolicy").orElse("Rolling"),
                        text(node, "batchSize").orElse(null),
                        text(node, "newVersionPercent").orElse(null),
                        text(node, "evaluationTime").orElse(null)),
                publicHttpsUrls(node));
    }

    /**
     * The longest env prefix for which {@code <env>-<service>-b} (the blue/green clone of the
     * service with the longest id) stays within Elastic Beanstalk's 40 characters.
     */
    public static int maxEnvLength(Topology topology) {
        return MAX_ENVIRONMENT_NAME - longestEnvironmentSuffix(topology).length();
    }

    /** Fails, naming the longest environment name, when {@code env} makes it longer than 40. */
    static void requireEnvironmentNamesFit(String env, Topology topology) {
        String suffix = longestEnvironmentSuffix(topology);
        if (env.length() + suffix.length() > MAX_ENVIRONMENT_NAME) {
            throw new IllegalArgumentException("env '" + env + "' is longer than " + maxEnvLength(topology)
                    + " characters: Elastic Beanstalk environment names (<env>" + suffix + ") have at most "
                    + MAX_ENVIRONMENT_NAME);
        }
    }

    /** {@code -<service>-b} for the service with the longest id. */
    private static String longestEnvironmentSuffix(Topology topology) {
        return topology.services().stream()
                .map(ServiceSpec::id)
                .max(Comparator.comparingInt(String::length))
                .map(id -> "-" + id + "-b")
                .orElse("");
    }

    public ResourceNames names() {
        return new ResourceNames(env);
    }

    public InfraSettings withDeploymentPolicy(DeploymentPolicy policy) {
        return new InfraSettings(
                env,
                opsEmail,
                natGateways,
                dbMultiAz,
                dbBackupRetentionDays,
                kinesisOnDemand,
                kinesisRetentionHours,
                solutionStack,
                instanceType,
                minInstances,
                policy,
                publicHttpsUrls);
    }

    public InfraSettings withOpsEmail(String email) {
        return new InfraSettings(
                env,
                Optional.of(email),
                natGateways,
                dbMultiAz,
                dbBackupRetentionDays,
                kinesisOnDemand,
                kinesisRetentionHours,
                solutionStack,
                instanceType,
                minInstances,
                deploymentPolicy,
                publicHttpsUrls);
    }

    public InfraSettings withPublicHttpsUrl(String serviceId, String url) {
        var urls = new java.util.LinkedHashMap<>(publicHttpsUrls);
        urls.put(serviceId, url);
        return new InfraSettings(
                env,
                opsEmail,
                natGateways,
                dbMultiAz,
                dbBackupRetentionDays,
                kinesisOnDemand,
                kinesisRetentionHours,
                solutionStack,
                instanceType,
                minInstances,
                deploymentPolicy,
                urls);
    }

    /** The public HTTPS base URL of {@code serviceId}, if given. */
    public Optional<String> publicHttpsUrl(String serviceId) {
        return Optional.ofNullable(publicHttpsUrls.get(serviceId));
    }

    /** {@code publicHttpsUrl.<service-id>} for each service of the model that has one in context. */
    private static java.util.Map<String, String> publicHttpsUrls(Node node) {
        var urls = new java.util.LinkedHashMap<String, String>();
        for (ServiceSpec service : ReferenceTopology.definition().services()) {
            text(node, "publicHttpsUrl." + service.id()).ifPresent(url -> urls.put(service.id(), url));
        }
        return urls;
    }

    private static Optional<String> text(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }
}

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
 * @param platform the Elastic Beanstalk platform version, by the ARN of a version of a platform branch
 * @param instanceType EC2 instance type of the service environments
 * @param minInstances instances per environment at rest (2 keeps capacity during Rolling)
 * @param deploymentPolicy the policy written into each environment's option settings
 * @param certificateArn the ACM certificate of the HTTPS listeners (services with a public API)
 * @param githubRepository {@code owner/repo} whose deploy workflow may assume a deploy role, if any
 * @param publicHttpsUrls by service id, the public HTTPS base URL of a service the model subscribes
 *     to SNS over HTTPS ({@code -c publicHttpsUrl.notification-service=https://notify.example.com},
 *     a domain with a certificate in front of its environment); the subscription is created only
 *     for a service that has one, since SNS delivers HTTPS only to a valid certificate
 * @param disasterRecovery cross-region backup and object replication and DNS failover, all off by default
 * @param orderCacheEngine the ElastiCache engine of order-service's cache ({@code -c
 *     orderCacheEngine=memcached}): Redis (the default, the replication group analytics-service
 *     needs anyway) or a Memcached cluster of its own; the service's {@code app.cache.engine}
 *     follows it
 */
public record InfraSettings(
        String env,
        Optional<String> opsEmail,
        int natGateways,
        boolean dbMultiAz,
        int dbBackupRetentionDays,
        boolean kinesisOnDemand,
        Optional<Integer> kinesisRetentionHours,
        Platform platform,
        String instanceType,
        int minInstances,
        DeploymentPolicy deploymentPolicy,
        Optional<String> certificateArn,
        Optional<String> githubRepository,
        java.util.Map<String, String> publicHttpsUrls,
        DisasterRecoveryOptions disasterRecovery,
        CacheEngine orderCacheEngine) {

    /** The ElastiCache engines order-service's cache-aside runs on. */
    public enum CacheEngine {
        REDIS,
        MEMCACHED;

        static CacheEngine parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("orderCacheEngine must be redis or memcached, was " + text, e);
            }
        }
    }

    /**
     * The Elastic Beanstalk platform, chosen by platform branch rather than by solution stack name:
     * an environment's {@code PlatformArn} can move to a newer version of its branch in place
     * (managed platform updates do that weekly), while a changed {@code SolutionStackName}
     * replaces the environment. {@code arn} given as context wins; otherwise the ARN is that of
     * {@code version} of {@code branch} in the stack's region, resolved when the stack is deployed.
     */
    public record Platform(Optional<String> arn, String branch, String version) {

        /**
         * Java SE on Amazon Linux 2023 with Corretto 25: a JDK 25 uses the AOT cache the bundle's
         * predeploy hook trains (a Corretto 21 branch would start without it). The build still
         * targets release 21, so {@code -c platformBranch=Corretto 21 ...} runs the same bundle.
         */
        public static final String DEFAULT_BRANCH = "Corretto 25 running on 64bit Amazon Linux 2023";

        /**
         * The branch's current version on AWS's supported platforms page when this was set (it has
         * environment secrets with JSON keys, which need a version released after 2026-01-13).
         */
        public static final String DEFAULT_VERSION = "4.12.7";

        public static final Platform DEFAULT = new Platform(Optional.empty(), DEFAULT_BRANCH, DEFAULT_VERSION);

        public Platform {
            arn.ifPresent(a -> {
                if (!a.startsWith("arn:") || !a.contains(":elasticbeanstalk:") || !a.contains("::platform/")) {
                    throw new IllegalArgumentException("platformArn must be an Elastic Beanstalk platform ARN"
                            + " (arn:aws:elasticbeanstalk:<region>::platform/<branch>/<version>), was " + a);
                }
            });
        }

        /** The platform ARN in {@code partition}/{@code region} (CloudFormation tokens in a stack). */
        public String arnIn(String partition, String region) {
            return arn.orElse(
                    "arn:" + partition + ":elasticbeanstalk:" + region + "::platform/" + branch + "/" + version);
        }
    }

    /** Elastic Beanstalk's limit on environment names. */
    public static final int MAX_ENVIRONMENT_NAME = 40;

    /** The longest env prefix that fits every environment name the model's services give. */
    public static final int MAX_ENV_LENGTH = maxEnvLength(ReferenceTopology.definition());

    public InfraSettings {
        new ResourceNames(env); // validates the prefix
        requireEnvironmentNamesFit(env, ReferenceTopology.definition());
        if (natGateways < 1 || natGateways > 2) {
            throw new IllegalArgumentException("natGateways must be 1 or 2, was " + natGateways
                    + ": the service instances run in private subnets and reach Elastic Beanstalk, S3, Secrets"
                    + " Manager, SNS, SQS, Kinesis, DynamoDB and CloudWatch through NAT; with none they have no"
                    + " route to AWS, and this app creates no VPC endpoints to replace it");
        }
        certificateArn.ifPresent(arn -> {
            if (!arn.startsWith("arn:") || !arn.contains(":acm:")) {
                throw new IllegalArgumentException("certificateArn must be an ACM certificate ARN, was " + arn);
            }
        });
        githubRepository.ifPresent(repo -> {
            if (!repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("githubRepository must be owner/repo, was " + repo);
            }
        });
        if (dbBackupRetentionDays < 0 || dbBackupRetentionDays > 35) {
            throw new IllegalArgumentException("dbBackupRetentionDays must be 0-35, was " + dbBackupRetentionDays);
        }
        if (disasterRecovery.dbBackupReplicationRegion().isPresent() && dbBackupRetentionDays == 0) {
            throw new IllegalArgumentException(
                    "dbBackupReplicationRegion needs automated backups: dbBackupRetentionDays"
                            + " is 0, so there is nothing to replicate");
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
                Platform.DEFAULT,
                "t3.small",
                2,
                DeploymentPolicy.parse("Rolling", "30%", null, null),
                Optional.empty(),
                Optional.empty(),
                java.util.Map.of(),
                DisasterRecoveryOptions.NONE,
                CacheEngine.REDIS);
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
                new Platform(
                        text(node, "platformArn"),
                        text(node, "platformBranch").orElse(Platform.DEFAULT_BRANCH),
                        text(node, "platformVersion").orElse(Platform.DEFAULT_VERSION)),
                text(node, "instanceType").orElse(d.instanceType()),
                text(node, "minInstances").map(Integer::parseInt).orElse(d.minInstances()),
                DeploymentPolicy.parse(
                        text(node, "deploymentPolicy").orElse("Rolling"),
                        text(node, "batchSize").orElse(null),
                        text(node, "newVersionPercent").orElse(null),
                        text(node, "evaluationTime").orElse(null)),
                text(node, "certificateArn"),
                text(node, "githubRepository"),
                publicHttpsUrls(node),
                disasterRecovery(node),
                text(node, "orderCacheEngine").map(CacheEngine::parse).orElse(d.orderCacheEngine()));
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
        return copy(c -> c.deploymentPolicy = policy);
    }

    public InfraSettings withOpsEmail(String email) {
        return copy(c -> c.opsEmail = Optional.of(email));
    }

    public InfraSettings withCertificate(String arn) {
        return copy(c -> c.certificateArn = Optional.of(arn));
    }

    public InfraSettings withGithubRepository(String repository) {
        return copy(c -> c.githubRepository = Optional.of(repository));
    }

    public InfraSettings withDatabase(boolean multiAz, int backupRetentionDays) {
        return copy(c -> {
            c.dbMultiAz = multiAz;
            c.dbBackupRetentionDays = backupRetentionDays;
        });
    }

    /**
     * The certificate of a public service's HTTPS listener; a service with a public API is never
     * deployed without one (its clients send JWTs).
     */
    public String requireCertificate(String serviceId) {
        return certificateArn.orElseThrow(() -> new IllegalArgumentException(serviceId
                + " has a public API and needs HTTPS: give an ACM certificate for its domain in this region with"
                + " -c certificateArn=arn:aws:acm:<region>:<account>:certificate/<id>"));
    }

    public InfraSettings withPublicHttpsUrl(String serviceId, String url) {
        var urls = new java.util.LinkedHashMap<>(publicHttpsUrls);
        urls.put(serviceId, url);
        return copy(c -> c.publicHttpsUrls = urls);
    }

    public InfraSettings withDisasterRecovery(DisasterRecoveryOptions options) {
        return copy(c -> c.disasterRecovery = options);
    }

    public InfraSettings withOrderCacheEngine(CacheEngine engine) {
        return copy(c -> c.orderCacheEngine = engine);
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

    /** The cross-region options; {@code failoverService} defaults to order-service, the public API. */
    private static DisasterRecoveryOptions disasterRecovery(Node node) {
        Optional<DisasterRecoveryOptions.Failover> failover = text(node, "failoverDomain")
                .map(
                        domain -> new DisasterRecoveryOptions.Failover(
                                text(node, "failoverHostedZoneId")
                                        .orElseThrow(() -> new IllegalArgumentException(
                                                "failoverDomain needs failoverHostedZoneId")),
                                domain,
                                text(node, "failoverService").orElse("order-service"),
                                text(node, "failoverSecondaryTarget")
                                        .orElseThrow(
                                                () -> new IllegalArgumentException(
                                                        "failoverDomain needs failoverSecondaryTarget, the standby region's endpoint"))));
        return new DisasterRecoveryOptions(
                text(node, "dbBackupReplicationRegion"),
                text(node, "dbBackupReplicationKmsKeyArn"),
                text(node, "archiveReplicaBucketArn"),
                text(node, "archiveReplicaKmsKeyArn"),
                failover);
    }

    private static Optional<String> text(Node node, String key) {
        Object value = node.tryGetContext(key);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }

    /** This record with what {@code change} sets on a copy: each with-er names only what it changes. */
    private InfraSettings copy(java.util.function.Consumer<Copy> change) {
        var copy = new Copy(this);
        change.accept(copy);
        return copy.build();
    }

    /** A mutable copy of the settings: a new setting is added here, not to every with-er. */
    private static final class Copy {
        String env;
        Optional<String> opsEmail;
        int natGateways;
        boolean dbMultiAz;
        int dbBackupRetentionDays;
        boolean kinesisOnDemand;
        Optional<Integer> kinesisRetentionHours;
        Platform platform;
        String instanceType;
        int minInstances;
        DeploymentPolicy deploymentPolicy;
        Optional<String> certificateArn;
        Optional<String> githubRepository;
        java.util.Map<String, String> publicHttpsUrls;
        DisasterRecoveryOptions disasterRecovery;
        CacheEngine orderCacheEngine;

        Copy(InfraSettings settings) {
            env = settings.env;
            opsEmail = settings.opsEmail;
            natGateways = settings.natGateways;
            dbMultiAz = settings.dbMultiAz;
            dbBackupRetentionDays = settings.dbBackupRetentionDays;
            kinesisOnDemand = settings.kinesisOnDemand;
            kinesisRetentionHours = settings.kinesisRetentionHours;
            platform = settings.platform;
            instanceType = settings.instanceType;
            minInstances = settings.minInstances;
            deploymentPolicy = settings.deploymentPolicy;
            certificateArn = settings.certificateArn;
            githubRepository = settings.githubRepository;
            publicHttpsUrls = settings.publicHttpsUrls;
            disasterRecovery = settings.disasterRecovery;
            orderCacheEngine = settings.orderCacheEngine;
        }

        InfraSettings build() {
            return new InfraSettings(
                    env,
                    opsEmail,
                    natGateways,
                    dbMultiAz,
                    dbBackupRetentionDays,
                    kinesisOnDemand,
                    kinesisRetentionHours,
                    platform,
                    instanceType,
                    minInstances,
                    deploymentPolicy,
                    certificateArn,
                    githubRepository,
                    publicHttpsUrls,
                    disasterRecovery,
                    orderCacheEngine);
        }
    }
}

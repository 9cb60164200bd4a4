package dev.awsref.infra;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.elasticache.CfnCacheCluster;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.rds.CfnDBInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * PostgreSQL on RDS (one database, {@code app}, one schema per service, which Flyway creates) and a
 * Redis replication group on ElastiCache. Both live in the isolated subnets, admit only the
 * service instances' security group, encrypt at rest, and keep their credentials in Secrets
 * Manager: the services get the secrets' ARNs, never their values. With {@code -c
 * orderCacheEngine=memcached}, order-service's cache is an ElastiCache Memcached cluster of its own
 * (the Redis group stays for analytics-service's counters).
 */
public class DataStack extends Stack {

    public static final String DATABASE_NAME = "app";
    public static final int REDIS_PORT = 6379;
    public static final int MEMCACHED_PORT = 11211;

    private final DatabaseInstance database;
    private final CfnReplicationGroup redis;
    private final ISecret redisAuthToken;
    private final Optional<CfnCacheCluster> memcached;

    public DataStack(Construct scope, String id, StackProps props, InfraSettings settings, NetworkStack network) {
        super(scope, id, props);
        var isolated = SubnetSelection.builder()
                .subnetType(SubnetType.PRIVATE_ISOLATED)
                .build();

        var dbSecurityGroup = SecurityGroup.Builder.create(this, "DatabaseSg")
                .vpc(network.vpc())
                .description("PostgreSQL: service instances only")
                .allowAllOutbound(false)
                .build();
        dbSecurityGroup.addIngressRule(network.servicesSecurityGroup(), Port.tcp(5432), "services to PostgreSQL");
        database = DatabaseInstance.Builder.create(this, "Postgres")
                .engine(DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                        .version(PostgresEngineVersion.VER_17)
                        .build()))
                .instanceType(InstanceType.of(InstanceClass.BURSTABLE4_GRAVITON, InstanceSize.MICRO))
                .vpc(network.vpc())
                .vpcSubnets(isolated)
                .securityGroups(List.of(dbSecurityGroup))
                .databaseName(DATABASE_NAME)
                .credentials(Credentials.fromGeneratedSecret(
                        "app",
                        software.amazon.awscdk.services.rds.CredentialsBaseOptions.builder()
                                .secretName(settings.names().physical("postgres-credentials"))
                                .build()))
                .storageEncrypted(true)
                .multiAz(settings.dbMultiAz())
                .backupRetention(Duration.days(settings.dbBackupRetentionDays()))
                .deletionProtection(true)
                .iamAuthentication(true)
                .cloudwatchLogsExports(List.of("postgresql", "upgrade"))
                .storageType(software.amazon.awscdk.services.rds.StorageType.GP3)
                .allocatedStorage(20)
                .maxAllocatedStorage(100)
                .removalPolicy(RemovalPolicy.SNAPSHOT)
                .build();
        Nag.suppress(
                database,
                "AwsSolutions-RDS11",
                "A non-default port is obscurity, not security: the security group admits only the services.");
        Nag.suppress(
                database,
                "AwsSolutions-SMG4",
                "Rotation needs the rotation Lambda from the Serverless Application Repository and a NAT or VPC"
                        + " endpoint for it; add it with DatabaseSecret.addRotationSingleUser() where the account has both.");
        replicateBackups(settings.disasterRecovery());
        if (!settings.dbMultiAz()) {
            Nag.suppress(
                    database,
                    "AwsSolutions-RDS3",
                    "Multi-AZ is the context option dbMultiAz=true; off by default to halve the cost of a"
                            + " reference deployment.");
        }

        var redisSecurityGroup = SecurityGroup.Builder.create(this, "RedisSg")
                .vpc(network.vpc())
                .description("Redis: service instances only")
                .allowAllOutbound(false)
                .build();
        redisSecurityGroup.addIngressRule(network.servicesSecurityGroup(), Port.tcp(REDIS_PORT), "services to Redis");
        redisAuthToken = Secret.Builder.create(this, "RedisAuthToken")
                .secretName(settings.names().physical("redis-auth-token"))
                .description("AUTH token of the Redis replication group")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(64)
                        .excludePunctuation(true) // ElastiCache allows only some symbols; letters and digits are safe
                        .build())
                .build();
        Nag.suppress(
                redisAuthToken,
                "AwsSolutions-SMG4",
                "Rotating a Redis AUTH token needs ModifyReplicationGroup with the ROTATE strategy; done by an"
                        + " operator runbook, not automatic rotation.");
        var subnetGroup = CfnSubnetGroup.Builder.create(this, "RedisSubnets")
                .description("isolated data subnets")
                .subnetIds(network.vpc().selectSubnets(isolated).getSubnetIds())
                .build();
        redis = CfnReplicationGroup.Builder.create(this, "Redis")
                .replicationGroupDescription("order cache and analytics counters")
                .engine("redis")
                .engineVersion("7.1")
                .cacheNodeType("cache.t4g.micro")
                .numCacheClusters(2)
                .automaticFailoverEnabled(true)
                .multiAzEnabled(true)
                .port(REDIS_PORT)
                .transitEncryptionEnabled(true)
                .atRestEncryptionEnabled(true)
                // A dynamic reference: CloudFormation resolves it, the template never holds the value.
                .authToken(redisAuthToken.getSecretValue().unsafeUnwrap())
                .cacheSubnetGroupName(subnetGroup.getRef())
                .securityGroupIds(List.of(redisSecurityGroup.getSecurityGroupId()))
                .snapshotRetentionLimit(1)
                .build();
        Nag.suppress(
                redis,
                "AwsSolutions-AEC5",
                "A non-default port is obscurity, not security: the security group admits only the services"
                        + " and AUTH plus TLS are required.");

        memcached = settings.orderCacheEngine() == InfraSettings.CacheEngine.MEMCACHED
                ? Optional.of(memcachedCluster(network, subnetGroup))
                : Optional.empty();
    }

    /**
     * Two Memcached nodes in two zones for order-service's cache. TLS in transit (Memcached 1.6.12
     * and later; only when the cluster is created, so it is set here from the start). Memcached
     * has no AUTH and no encryption at rest on node-based clusters: the security group admitting
     * only the service instances is the access control. Losing a node loses its share of the keys,
     * which only costs misses.
     */
    private CfnCacheCluster memcachedCluster(NetworkStack network, CfnSubnetGroup subnetGroup) {
        var securityGroup = SecurityGroup.Builder.create(this, "MemcachedSg")
                .vpc(network.vpc())
                .description("Memcached: service instances only")
                .allowAllOutbound(false)
                .build();
        securityGroup.addIngressRule(
                network.servicesSecurityGroup(), Port.tcp(MEMCACHED_PORT), "services to Memcached");
        var cluster = CfnCacheCluster.Builder.create(this, "Memcached")
                .engine("memcached")
                .engineVersion("1.6.22")
                .cacheNodeType("cache.t4g.micro")
                .numCacheNodes(2)
                .azMode("cross-az")
                .port(MEMCACHED_PORT)
                .transitEncryptionEnabled(true)
                .cacheSubnetGroupName(subnetGroup.getRef())
                .vpcSecurityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                .build();
        Nag.suppress(
                cluster,
                "AwsSolutions-AEC5",
                "A non-default port is obscurity, not security: the security group admits only the services"
                        + " and TLS is required.");
        return cluster;
    }

    /**
     * Cross-region automated backup replication: RDS copies each snapshot and the transaction logs to
     * the other region as they are made, so the database can be restored there to a point in time
     * (CloudFormation's {@code AutomaticBackupReplicationRegion} on the instance; the CDK construct
     * has no property for it).
     */
    private void replicateBackups(DisasterRecoveryOptions options) {
        options.dbBackupReplicationRegion().ifPresent(region -> {
            var instance = (CfnDBInstance) database.getNode().getDefaultChild();
            instance.setAutomaticBackupReplicationRegion(region);
            instance.setAutomaticBackupReplicationKmsKeyId(
                    options.dbBackupReplicationKmsKeyArn().orElseThrow());
        });
    }

    public DatabaseInstance database() {
        return database;
    }

    public ISecret databaseSecret() {
        return database.getSecret();
    }

    public CfnReplicationGroup redis() {
        return redis;
    }

    public ISecret redisAuthToken() {
        return redisAuthToken;
    }

    /** order-service's Memcached cluster, when {@code orderCacheEngine=memcached}. */
    public Optional<CfnCacheCluster> memcached() {
        return memcached;
    }
}

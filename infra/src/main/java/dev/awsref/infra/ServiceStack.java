package dev.awsref.infra;

import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.elasticbeanstalk.CfnApplication;
import software.amazon.awscdk.services.elasticbeanstalk.CfnApplicationVersion;
import software.amazon.awscdk.services.elasticbeanstalk.CfnEnvironment;
import software.amazon.awscdk.services.iam.CfnInstanceProfile;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.constructs.Construct;

/**
 * One service on Elastic Beanstalk, as the model's {@link ServiceSpec} declares it: the
 * application, (optionally) a first application version from a built bundle, a load-balanced Java
 * SE environment and an environment-health alarm. This class only puts the parts together: the
 * instance role's statements come from {@link InstancePolicy}, the secrets from
 * {@link ServiceSecrets}, the environment's option settings from {@link EnvironmentOptionSettings}.
 */
public class ServiceStack extends Stack {

    /** The stacks a service environment refers to. */
    public record Dependencies(
            NetworkStack network, DataStack data, MessagingStack messaging, StreamingStack streaming, AuthStack auth) {}

    private final Role instanceRole;
    private final Role serviceRole;
    private final ServiceSecrets secrets;
    private final CfnEnvironment environment;
    private final String environmentName;

    /** @param service a service the topology declares ({@link Topology#services()}) */
    public ServiceStack(
            Construct scope,
            String id,
            StackProps props,
            InfraSettings settings,
            Topology topology,
            ServiceName service,
            Dependencies deps,
            Optional<Path> bundle) {
        super(scope, id, props);
        ServiceSpec spec = topology.service(service);
        String applicationName = settings.names().physical(spec.id());
        environmentName = applicationName;

        secrets = ServiceSecrets.provision(this, settings, spec, deps.data());
        Optional<Asset> bundleAsset = bundle.map(path ->
                Asset.Builder.create(this, "Bundle").path(path.toString()).build());

        instanceRole = Role.Builder.create(this, "InstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description(spec.id() + " instances: only what the topology says it uses")
                .build();
        var policy = Policy.Builder.create(this, "InstancePolicy")
                .statements(InstancePolicy.statements(
                        topology,
                        spec,
                        new InstancePolicy.Inputs(
                                settings.names(),
                                getPartition(),
                                getRegion(),
                                getAccount(),
                                new StackArns(deps),
                                secrets.arns(),
                                bundleAsset.map(
                                        a -> new InstancePolicy.S3Object(a.getS3BucketName(), a.getS3ObjectKey())))))
                .build();
        policy.attachToRole(instanceRole);
        Nag.suppress(
                policy,
                "AwsSolutions-IAM5",
                "Wildcards only where AWS offers nothing narrower: X-Ray segment and sampling actions take no"
                        + " resource; logs:DescribeLogGroups (log streaming) lists the region's log groups; the log groups of this environment and its blue/green clone ({env}*) and the"
                        + " DynamoDB indexes of the service's own tables ({table}/index/*) are named at run time, and"
                        + " so are the tables the model says it creates while it runs, which it may create and"
                        + " delete only under their declared name prefix ({env}-{prefix}*);"
                        + " source bundles and platform assets are read from Elastic Beanstalk's buckets under this application's prefix (or the platform's own buckets) and rotated"
                        + " logs written under its logs prefix, whose object names Elastic Beanstalk chooses;"
                        + " CloudWatch PutMetricData takes no resource and is narrowed by a cloudwatch:namespace condition.");
        var instanceProfile = CfnInstanceProfile.Builder.create(this, "InstanceProfile")
                .roles(List.of(instanceRole.getRoleName()))
                .build();

        serviceRole = Role.Builder.create(this, "ServiceRole")
                .assumedBy(new ServicePrincipal("elasticbeanstalk.amazonaws.com"))
                .description("Elastic Beanstalk service role: health and managed platform updates")
                .managedPolicies(List.of(
                        ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSElasticBeanstalkEnhancedHealth"),
                        ManagedPolicy.fromAwsManagedPolicyName("AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy")))
                .build();
        Nag.suppress(
                serviceRole,
                "AwsSolutions-IAM4",
                "The Elastic Beanstalk service role uses the AWS-maintained policies the service documents;"
                        + " they follow the platform's needs as it changes.");

        var application = CfnApplication.Builder.create(this, "Application")
                .applicationName(applicationName)
                .description(spec.id())
                .resourceLifecycleConfig(versionLifecycle(serviceRole))
                .build();
        String versionLabel = null;
        if (bundleAsset.isPresent()) {
            var asset = bundleAsset.orElseThrow();
            var version = CfnApplicationVersion.Builder.create(this, "FirstVersion")
                    .applicationName(applicationName)
                    .description("bundle built with the CDK app; later versions come from the deploy command")
                    .sourceBundle(CfnApplicationVersion.SourceBundleProperty.builder()
                            .s3Bucket(asset.getS3BucketName())
                            .s3Key(asset.getS3ObjectKey())
                            .build())
                    .build();
            version.addResourceDependency(application);
            versionLabel = version.getRef();
        }

        environment = CfnEnvironment.Builder.create(this, "Environment")
                .applicationName(applicationName)
                .environmentName(environmentName)
                .platformArn(settings.platform().arnIn(getPartition(), getRegion()))
                .versionLabel(versionLabel)
                .optionSettings(
                        EnvironmentOptionSettings.of(
                                        settings,
                                        spec,
                                        deps,
                                        secrets,
                                        instanceProfile.getRef(),
                                        serviceRole.getRoleArn())
                                .stream()
                                .map(s -> CfnEnvironment.OptionSettingProperty.builder()
                                        .namespace(s.namespace())
                                        .optionName(s.optionName())
                                        .value(s.value())
                                        .build())
                                .toList())
                .build();
        environment.addResourceDependency(application);

        Alarm.Builder.create(this, "EnvironmentHealth")
                .alarmDescription(environmentName + " is Degraded or Severe (enhanced health)")
                .metric(Metric.Builder.create()
                        .namespace("AWS/ElasticBeanstalk")
                        .metricName("EnvironmentHealth")
                        .dimensionsMap(Map.of("EnvironmentName", environmentName))
                        .statistic("Maximum")
                        .period(Duration.minutes(1))
                        .build())
                .threshold(20) // 0 Ok, 15 Warning, 20 Degraded, 25 Severe
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .evaluationPeriods(5)
                .treatMissingData(TreatMissingData.NOT_BREACHING) // after a blue/green swap this name may be gone
                .build()
                .addAlarmAction(new SnsAction(deps.messaging().opsAlerts()));
    }

    /** Versions kept per application: enough to roll back weeks of deploys, far below the quota. */
    static final int VERSIONS_KEPT = 200;

    /**
     * Elastic Beanstalk keeps every application version until told otherwise, against a quota of
     * 1,000 per region: keep the newest {@link #VERSIONS_KEPT} and delete the older bundles from S3
     * too (a bundle is rebuilt from its commit; a deleted version cannot be deployed anyway). A
     * version an environment runs is never deleted.
     */
    private static CfnApplication.ApplicationResourceLifecycleConfigProperty versionLifecycle(Role serviceRole) {
        return CfnApplication.ApplicationResourceLifecycleConfigProperty.builder()
                .serviceRole(serviceRole.getRoleArn())
                .versionLifecycleConfig(CfnApplication.ApplicationVersionLifecycleConfigProperty.builder()
                        .maxCountRule(CfnApplication.MaxCountRuleProperty.builder()
                                .enabled(true)
                                .maxCount(VERSIONS_KEPT)
                                .deleteSourceFromS3(true)
                                .build())
                        .build())
                .build();
    }

    /** The model's resources as the messaging and streaming stacks created them (cross-stack references). */
    private record StackArns(Dependencies deps) implements InstancePolicy.ResourceArns {
        @Override
        public String topic(String logicalName) {
            return deps.messaging().topic(logicalName).getTopicArn();
        }

        @Override
        public String queue(String logicalName) {
            return deps.messaging().queue(logicalName).getQueueArn();
        }

        @Override
        public String bucketObjects(String logicalName) {
            return deps.messaging().bucket(logicalName).arnForObjects("*");
        }

        @Override
        public String stream(String logicalName) {
            return deps.streaming().stream(logicalName).getStreamArn();
        }

        @Override
        public String table(String logicalName) {
            return deps.streaming().table(logicalName).getTableArn();
        }

        @Override
        public String messagingKey() {
            return deps.messaging().key().getKeyArn();
        }

        @Override
        public String streamingKey() {
            return deps.streaming().key().getKeyArn();
        }
    }

    public Role instanceRole() {
        return instanceRole;
    }

    /** Elastic Beanstalk's service role: health, managed platform updates, the version lifecycle. */
    public Role serviceRole() {
        return serviceRole;
    }

    public CfnEnvironment beanstalkEnvironment() {
        return environment;
    }

    public String environmentName() {
        return environmentName;
    }
}

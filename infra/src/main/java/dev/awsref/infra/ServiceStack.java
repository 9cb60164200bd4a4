package dev.awsref.infra;

import dev.awsref.infra.deploy.EnvironmentShape;
import dev.awsref.infra.deploy.OptionSetting;
import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.StreamSpec;
import dev.awsref.platform.topology.TableSpec;
import dev.awsref.platform.topology.TopicSpec;
import dev.awsref.platform.topology.Topology;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.elasticbeanstalk.CfnApplication;
import software.amazon.awscdk.services.elasticbeanstalk.CfnApplicationVersion;
import software.amazon.awscdk.services.elasticbeanstalk.CfnEnvironment;
import software.amazon.awscdk.services.iam.CfnInstanceProfile;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/**
 * One service on Elastic Beanstalk: the application, (optionally) a first application version from
 * a built bundle, and a load-balanced Java SE environment. The instance role is derived from the
 * topology model: a service may publish to the topics it publishes to, consume the queues it
 * consumes, and so on, each action on those resources only.
 */
public class ServiceStack extends Stack {

    /** nginx on the instance forwards port 80 to this port; the app reads it from {@code PORT}. */
    public static final String APP_PORT = "5000";

    public static final String HEALTH_CHECK_PATH = "/readyz";

    /** What a service needs besides the topology: not part of the messaging model. */
    public record Needs(boolean database, boolean redis, boolean validatesTokens, boolean sendsMail) {
        public static Needs of(ServiceName service) {
            return switch (service) {
                case ORDER -> new Needs(true, true, true, false);
                case NOTIFICATION -> new Needs(true, false, false, true);
                case ANALYTICS -> new Needs(false, true, false, false);
            };
        }
    }

    /** The stacks a service environment refers to. */
    public record Dependencies(
            NetworkStack network, DataStack data, MessagingStack messaging, StreamingStack streaming, AuthStack auth) {}

    private final Role instanceRole;
    private final Optional<Secret> smtpCredentials;
    private final Optional<Secret> operationsPassword;
    private final CfnEnvironment environment;
    private final String environmentName;

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
        String applicationName = settings.names().physical(service.id());
        environmentName = applicationName;
        Needs needs = Needs.of(service);

        // A mail-sending service gets two secrets of its own: SES SMTP credentials (a placeholder until
        // an operator stores real ones: SES derives them from an IAM user, which CDK should not create)
        // and the password of its operations API.
        smtpCredentials = needs.sendsMail()
                ? Optional.of(Secret.Builder.create(this, "SmtpCredentials")
                        .secretName(settings.names().physical(service.id() + "-ses-smtp"))
                        .description("SES SMTP credentials: aws secretsmanager put-secret-value with"
                                + " {\"username\":...,\"password\":...}")
                        .generateSecretString(SecretStringGenerator.builder()
                                .secretStringTemplate("{\"username\":\"replace-with-ses-smtp-username\"}")
                                .generateStringKey("password")
                                .excludePunctuation(true)
                                .build())
                        .build())
                : Optional.empty();
        operationsPassword = needs.sendsMail()
                ? Optional.of(Secret.Builder.create(this, "OperationsPassword")
                        .secretName(settings.names().physical(service.id() + "-operations"))
                        .description("HTTP basic password of the operations API (user ops)")
                        .generateSecretString(SecretStringGenerator.builder()
                                .passwordLength(32)
                                .excludePunctuation(true)
                                .build())
                        .build())
                : Optional.empty();
        smtpCredentials.ifPresent(secret -> Nag.suppress(
                secret,
                "AwsSolutions-SMG4",
                "SES SMTP credentials come from an IAM user's access key; rotating them is creating a new key"
                        + " and storing the new pair, an operator task."));
        operationsPassword.ifPresent(secret -> Nag.suppress(
                secret,
                "AwsSolutions-SMG4",
                "Read only when an instance starts; rotate by put-secret-value and RestartAppServer, a runbook"
                        + " step rather than a rotation Lambda for one password."));

        Optional<Asset> bundleAsset = bundle.map(path ->
                Asset.Builder.create(this, "Bundle").path(path.toString()).build());

        instanceRole = Role.Builder.create(this, "InstanceRole")
                .assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
                .description(service.id() + " instances: only what the topology says it uses")
                .build();
        var policy = Policy.Builder.create(this, "InstancePolicy")
                .statements(instanceStatements(topology, service, needs, deps, bundleAsset))
                .build();
        policy.attachToRole(instanceRole);
        Nag.suppress(
                policy,
                "AwsSolutions-IAM5",
                "Wildcards only where AWS offers nothing narrower: X-Ray segment and sampling actions take no"
                        + " resource; the log groups of this environment and its blue/green clone ({env}*) and the"
                        + " DynamoDB indexes of the service's own tables ({table}/index/*) are named at run time;"
                        + " source bundles and platform assets are read from Elastic Beanstalk's buckets under this application's prefix (or the platform's own buckets) and rotated"
                        + " logs written under its logs prefix, whose object names Elastic Beanstalk chooses.");
        var instanceProfile = CfnInstanceProfile.Builder.create(this, "InstanceProfile")
                .roles(List.of(instanceRole.getRoleName()))
                .build();

        Role serviceRole = Role.Builder.create(this, "ServiceRole")
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
                .description(service.id())
                .build();
        String versionLabel = null;
        if (bundle.isPresent()) {
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
                .solutionStackName(settings.solutionStack())
                .versionLabel(versionLabel)
                .optionSettings(optionSettings(settings, service, needs, deps, instanceProfile, serviceRole).stream()
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

    /** Every option setting of the environment, in the order a reader would look for them. */
    private List<OptionSetting> optionSettings(
            InfraSettings settings,
            ServiceName service,
            Needs needs,
            Dependencies deps,
            CfnInstanceProfile instanceProfile,
            Role serviceRole) {
        EnvironmentShape shape = EnvironmentShape.REFERENCE;
        var vpc = deps.network().vpc();
        var s = new ArrayList<OptionSetting>();
        // Shape: load-balanced behind an ALB, enhanced health; deployment policies are checked against it.
        s.add(new OptionSetting("aws:elasticbeanstalk:environment", "EnvironmentType", "LoadBalanced"));
        s.add(new OptionSetting("aws:elasticbeanstalk:environment", "LoadBalancerType", shape.loadBalancerType()));
        s.add(new OptionSetting("aws:elasticbeanstalk:environment", "ServiceRole", serviceRole.getRoleArn()));
        s.add(new OptionSetting("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"));
        s.add(new OptionSetting(
                "aws:elasticbeanstalk:healthreporting:system",
                "ConfigDocument",
                "{\"Version\":1,\"CloudWatchMetrics\":{\"Environment\":{\"EnvironmentHealth\":60},\"Instance\":{}},"
                        + "\"Rules\":{}}"));
        s.add(new OptionSetting(
                "aws:elasticbeanstalk:environment:process:default", "HealthCheckPath", HEALTH_CHECK_PATH));
        s.add(new OptionSetting("aws:elasticbeanstalk:environment:process:default", "MatcherHTTPCode", "200"));
        s.add(new OptionSetting("aws:elasticbeanstalk:environment:process:default", "DeregistrationTimeout", "30"));
        // Network: instances in private subnets, the load balancer in public ones.
        s.add(new OptionSetting("aws:ec2:vpc", "VPCId", vpc.getVpcId()));
        s.add(new OptionSetting(
                "aws:ec2:vpc", "Subnets", String.join(",", subnets(deps, SubnetType.PRIVATE_WITH_EGRESS))));
        s.add(new OptionSetting("aws:ec2:vpc", "ELBSubnets", String.join(",", subnets(deps, SubnetType.PUBLIC))));
        s.add(new OptionSetting("aws:ec2:vpc", "ELBScheme", "public"));
        s.add(new OptionSetting("aws:ec2:vpc", "AssociatePublicIpAddress", "false"));
        // Instances
        s.add(new OptionSetting("aws:autoscaling:launchconfiguration", "IamInstanceProfile", instanceProfile.getRef()));
        s.add(new OptionSetting(
                "aws:autoscaling:launchconfiguration",
                "SecurityGroups",
                deps.network().servicesSecurityGroup().getSecurityGroupId()));
        s.add(new OptionSetting("aws:autoscaling:launchconfiguration", "DisableIMDSv1", "true"));
        s.add(new OptionSetting("aws:ec2:instances", "InstanceTypes", settings.instanceType()));
        s.add(new OptionSetting("aws:autoscaling:asg", "MinSize", Integer.toString(settings.minInstances())));
        s.add(new OptionSetting("aws:autoscaling:asg", "MaxSize", Integer.toString(settings.minInstances() * 2)));
        // Configuration changes (instance type, VPC...) replace instances in health-checked batches.
        s.add(new OptionSetting("aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateEnabled", "true"));
        s.add(new OptionSetting("aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateType", "Health"));
        // Application deployments: the policy chosen at synth time; the deploy command may override it.
        s.addAll(settings.deploymentPolicy().requireValidOn(shape).optionSettings());
        // Observability and platform upkeep
        s.add(new OptionSetting("aws:elasticbeanstalk:xray", "XRayEnabled", "true"));
        s.add(new OptionSetting("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"));
        s.add(new OptionSetting("aws:elasticbeanstalk:hostmanager", "LogPublicationControl", "true"));
        s.add(new OptionSetting("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "30"));
        s.add(new OptionSetting("aws:elasticbeanstalk:cloudwatch:logs:health", "HealthStreamingEnabled", "true"));
        s.add(new OptionSetting("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"));
        s.add(new OptionSetting("aws:elasticbeanstalk:managedactions", "PreferredStartTime", "Sun:03:00"));
        s.add(new OptionSetting("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor"));
        environmentProperties(settings, service, needs, deps)
                .forEach((name, value) ->
                        s.add(new OptionSetting("aws:elasticbeanstalk:application:environment", name, value)));
        environmentSecrets(needs, deps, smtpCredentials, operationsPassword)
                .forEach((name, arn) ->
                        s.add(new OptionSetting("aws:elasticbeanstalk:application:environmentsecrets", name, arn)));
        return s;
    }

    /** Endpoints and settings; secrets go through {@link #environmentSecrets}, never as values. */
    static Map<String, String> environmentProperties(
            InfraSettings settings, ServiceName service, Needs needs, Dependencies deps) {
        var env = new LinkedHashMap<String, String>();
        env.put("PORT", APP_PORT);
        env.put("SPRING_PROFILES_ACTIVE", "aws");
        env.put("APP_TOPOLOGY_PREFIX", settings.env());
        env.put("AWS_REGION", Stack.of(deps.network()).getRegion());
        if (needs.database()) {
            var db = deps.data().database();
            String schema = service.id().replace("-service", "");
            env.put(
                    "SPRING_DATASOURCE_URL",
                    "jdbc:postgresql://" + db.getDbInstanceEndpointAddress() + ":" + db.getDbInstanceEndpointPort()
                            + "/" + DataStack.DATABASE_NAME + "?currentSchema=" + schema + "&sslmode=require");
            env.put("DATABASE_SECRET_ARN", deps.data().databaseSecret().getSecretArn());
        }
        if (needs.redis()) {
            env.put("SPRING_DATA_REDIS_HOST", deps.data().redis().getAttrPrimaryEndPointAddress());
            env.put("SPRING_DATA_REDIS_PORT", Integer.toString(DataStack.REDIS_PORT));
            env.put("SPRING_DATA_REDIS_SSL_ENABLED", "true");
            env.put("REDIS_AUTH_SECRET_ARN", deps.data().redisAuthToken().getSecretArn());
        }
        if (needs.sendsMail()) {
            // Amazon SES's SMTP interface in this region, STARTTLS on 587.
            env.put("SPRING_MAIL_HOST", "email-smtp." + Stack.of(deps.network()).getRegion() + ".amazonaws.com");
            env.put("SPRING_MAIL_PORT", "587");
            env.put("SPRING_MAIL_PROPERTIES_MAIL_SMTP_AUTH", "true");
            env.put("SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_ENABLE", "true");
            env.put("SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_REQUIRED", "true");
        }
        if (needs.validatesTokens()) {
            env.put(
                    "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI",
                    deps.auth().issuerUri());
            env.put("COGNITO_APP_CLIENT_ID", deps.auth().orderApiClient().getUserPoolClientId());
        }
        return env;
    }

    /**
     * Secrets as environment variables: Elastic Beanstalk reads them from Secrets Manager with the
     * instance role when an instance starts (platform versions since 2025-03-26; the {@code :key}
     * suffix picks a JSON field, since 2026-01-13). The template and the console show only ARNs.
     */
    static Map<String, String> environmentSecrets(
            Needs needs, Dependencies deps, Optional<Secret> smtp, Optional<Secret> operations) {
        var secrets = new LinkedHashMap<String, String>();
        if (needs.database()) {
            String arn = deps.data().databaseSecret().getSecretArn();
            secrets.put("SPRING_DATASOURCE_USERNAME", arn + ":username");
            secrets.put("SPRING_DATASOURCE_PASSWORD", arn + ":password");
        }
        if (needs.redis()) {
            secrets.put(
                    "SPRING_DATA_REDIS_PASSWORD", deps.data().redisAuthToken().getSecretArn());
        }
        smtp.ifPresent(secret -> {
            secrets.put("SPRING_MAIL_USERNAME", secret.getSecretArn() + ":username");
            secrets.put("SPRING_MAIL_PASSWORD", secret.getSecretArn() + ":password");
        });
        operations.ifPresent(secret -> secrets.put("APP_OPERATIONS_PASSWORD", secret.getSecretArn()));
        return secrets;
    }

    /** The instance role's statements, derived from what the topology says this service does. */
    private List<PolicyStatement> instanceStatements(
            Topology topology, ServiceName service, Needs needs, Dependencies deps, Optional<Asset> bundle) {
        var statements = new ArrayList<PolicyStatement>();
        var messagingKey = deps.messaging().key().getKeyArn();
        var streamingKey = deps.streaming().key().getKeyArn();

        List<String> published = topology.topics().stream()
                .filter(t -> t.publisher().equals(Optional.of(service)))
                .map(TopicSpec::name)
                .map(t -> deps.messaging().topic(t).getTopicArn())
                .toList();
        if (!published.isEmpty()) {
            statements.add(allow("PublishToItsTopics", List.of("sns:Publish"), published));
            statements.add(
                    allow("EncryptForItsTopics", List.of("kms:GenerateDataKey", "kms:Decrypt"), List.of(messagingKey)));
        }

        List<QueueSpec> consumed =
                topology.queues().stream().filter(q -> q.consumer() == service).toList();
        if (!consumed.isEmpty()) {
            statements.add(allow(
                    "ConsumeItsQueues",
                    List.of(
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:ChangeMessageVisibility",
                            "sqs:GetQueueAttributes",
                            "sqs:GetQueueUrl"),
                    consumed.stream()
                            .map(q -> deps.messaging().queue(q.name()).getQueueArn())
                            .toList()));
            statements.add(allow("DecryptItsMessages", List.of("kms:Decrypt"), List.of(messagingKey)));
            // Redrive: move messages from a dead-letter queue back to its source queue.
            var deadLetterArns = new ArrayList<String>();
            var sourceArns = new ArrayList<String>();
            for (QueueSpec q : consumed) {
                q.deadLetter().ifPresent(dl -> {
                    deadLetterArns.add(deps.messaging().queue(dl.queueName()).getQueueArn());
                    sourceArns.add(deps.messaging().queue(q.name()).getQueueArn());
                });
            }
            if (!deadLetterArns.isEmpty()) {
                statements.add(allow(
                        "RedriveItsDeadLetterQueues",
                        List.of("sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:CancelMessageMoveTask"),
                        deadLetterArns));
                statements.add(allow("RedriveIntoItsSourceQueues", List.of("sqs:SendMessage"), sourceArns));
                statements.add(allow("EncryptRedrivenMessages", List.of("kms:GenerateDataKey"), List.of(messagingKey)));
            }
            var bucketObjects = consumed.stream()
                    .flatMap(q -> topology.bucketsNotifying(q.name()).stream())
                    .map(b -> deps.messaging().bucket(b.name()).arnForObjects("*"))
                    .toList();
            if (!bucketObjects.isEmpty()) {
                statements.add(allow("ReadNotifiedObjects", List.of("s3:GetObject"), bucketObjects));
            }
        }

        for (StreamSpec stream : topology.streams()) {
            String arn = deps.streaming().stream(stream.name()).getStreamArn();
            if (stream.producer() == service) {
                statements.add(allow(
                        "Produce" + pascal(stream.name()),
                        List.of("kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary"),
                        List.of(arn)));
                statements.add(allow(
                        "EncryptRecords" + pascal(stream.name()),
                        List.of("kms:GenerateDataKey"),
                        List.of(streamingKey)));
            }
            if (stream.consumer() == service) {
                statements.add(allow(
                        "ConsumeWithKcl" + pascal(stream.name()),
                        List.of(
                                "kinesis:DescribeStream",
                                "kinesis:DescribeStreamSummary",
                                "kinesis:GetRecords",
                                "kinesis:GetShardIterator",
                                "kinesis:ListShards"),
                        List.of(arn)));
                statements.add(
                        allow("DecryptRecords" + pascal(stream.name()), List.of("kms:Decrypt"), List.of(streamingKey)));
            }
        }

        List<TableSpec> owned =
                topology.tables().stream().filter(t -> t.owner() == service).toList();
        if (!owned.isEmpty()) {
            var tableArns = new ArrayList<String>();
            for (TableSpec t : owned) {
                String arn = deps.streaming().table(t.name()).getTableArn();
                tableArns.add(arn);
                if (!t.globalIndexes().isEmpty() || !t.localIndexes().isEmpty()) {
                    tableArns.add(arn + "/index/*");
                }
            }
            statements.add(allow(
                    "ReadWriteItsTables",
                    List.of(
                            "dynamodb:DescribeTable",
                            "dynamodb:GetItem",
                            "dynamodb:BatchGetItem",
                            "dynamodb:Query",
                            "dynamodb:Scan",
                            "dynamodb:PutItem",
                            "dynamodb:UpdateItem",
                            "dynamodb:DeleteItem",
                            "dynamodb:BatchWriteItem",
                            "dynamodb:ConditionCheckItem"),
                    tableArns));
            statements.add(allow(
                    "UseTheTablesKey",
                    List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"),
                    List.of(streamingKey)));
        }

        var secrets = new ArrayList<String>();
        if (needs.database()) {
            secrets.add(deps.data().databaseSecret().getSecretArn());
        }
        if (needs.redis()) {
            secrets.add(deps.data().redisAuthToken().getSecretArn());
        }
        smtpCredentials.ifPresent(secret -> secrets.add(secret.getSecretArn()));
        operationsPassword.ifPresent(secret -> secrets.add(secret.getSecretArn()));
        if (!secrets.isEmpty()) {
            statements.add(allow("ReadItsSecrets", List.of("secretsmanager:GetSecretValue"), secrets));
        }

        // The platform's own needs: traces, logs, health, the source bundle.
        String region = Stack.of(this).getRegion();
        String account = Stack.of(this).getAccount();
        String partition = Stack.of(this).getPartition();
        statements.add(allow(
                "XRayTraces",
                List.of(
                        "xray:PutTraceSegments",
                        "xray:PutTelemetryRecords",
                        "xray:GetSamplingRules",
                        "xray:GetSamplingTargets",
                        "xray:GetSamplingStatisticSummaries"),
                List.of("*")));
        statements.add(allow(
                "StreamItsLogs",
                List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                List.of("arn:" + partition + ":logs:" + region + ":" + account + ":log-group:/aws/elasticbeanstalk/"
                        + environmentName + "*"))); // also <env>-b, the blue/green clone
        statements.add(allow(
                "ReportEnhancedHealth",
                List.of("elasticbeanstalk:PutInstanceStatistics"),
                List.of(
                        "arn:" + partition + ":elasticbeanstalk:" + region + ":" + account + ":application/"
                                + environmentName,
                        "arn:" + partition + ":elasticbeanstalk:" + region + ":" + account + ":environment/"
                                + environmentName + "/" + environmentName,
                        "arn:" + partition + ":elasticbeanstalk:" + region + ":" + account + ":environment/"
                                + environmentName + "/" + environmentName + "-b")));
        statements.add(allow(
                "ReadItsSourceBundles",
                List.of("s3:GetObject"),
                List.of("arn:" + partition + ":s3:::elasticbeanstalk-" + region + "-" + account + "/" + environmentName
                        + "/*")));
        // Elastic Beanstalk's own buckets for platform hooks and engine, and the sample application.
        statements.add(allow(
                "ReadPlatformAssets",
                List.of("s3:GetObject"),
                List.of(
                        "arn:" + partition + ":s3:::elasticbeanstalk-platform-assets-" + region + "/*",
                        "arn:" + partition + ":s3:::elasticbeanstalk-env-resources-" + region + "/*",
                        "arn:" + partition + ":s3:::elasticbeanstalk-samples-" + region + "/*")));
        bundle.ifPresent(asset -> statements.add(allow(
                "ReadTheFirstBundle",
                List.of("s3:GetObject"),
                List.of("arn:" + partition + ":s3:::" + asset.getS3BucketName() + "/" + asset.getS3ObjectKey()))));
        statements.add(allow(
                "PublishRotatedLogs",
                List.of("s3:PutObject"),
                List.of("arn:" + partition + ":s3:::elasticbeanstalk-" + region + "-" + account
                        + "/resources/environments/logs/*")));
        return statements;
    }

    private static List<String> subnets(Dependencies deps, SubnetType type) {
        return deps.network()
                .vpc()
                .selectSubnets(SubnetSelection.builder().subnetType(type).build())
                .getSubnetIds();
    }

    private static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(resources)
                .build();
    }

    private static String pascal(String name) {
        var out = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }

    public Role instanceRole() {
        return instanceRole;
    }

    public CfnEnvironment beanstalkEnvironment() {
        return environment;
    }

    public String environmentName() {
        return environmentName;
    }
}

package dev.awsref.infra;

import dev.awsref.platform.topology.ModelGrants;
import dev.awsref.platform.topology.ModelGrants.Grant;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The statements of a service's instance role, as a function of the topology model: what the
 * model's grants say a service may do ({@link ModelGrants}: publish to the topics it publishes to,
 * consume the queues it consumes, create and delete the run-time tables it owns, each action on
 * those resources only), plus its secrets and the Elastic Beanstalk platform's own needs. Nothing
 * here needs a construct scope: every ARN comes in as a string (CloudFormation tokens when the
 * stacks call it, plain ARNs in the tests), so the rules can be checked without synthesizing.
 */
public final class InstancePolicy {

    /** The ARNs of what the stacks created from the model, by logical name. */
    public interface ResourceArns {
        String topic(String logicalName);

        String queue(String logicalName);

        /** The bucket's objects, {@code arn:<partition>:s3:::<bucket>/*}. */
        String bucketObjects(String logicalName);

        String stream(String logicalName);

        String table(String logicalName);

        String messagingKey();

        String streamingKey();
    }

    /** An S3 object, by bucket and key. */
    public record S3Object(String bucket, String key) {}

    /**
     * Everything besides the model that the statements name.
     *
     * @param names the environment's physical names; the Elastic Beanstalk application and
     *     environment are named {@code names.physical(service id)}
     * @param partition, region, account where the stacks are deployed (tokens or literals)
     * @param arns the model's resources as the stacks created them
     * @param secrets every secret the service reads when an instance starts
     * @param firstBundle the source bundle the CDK app uploaded as the first version, if any
     */
    public record Inputs(
            ResourceNames names,
            String partition,
            String region,
            String account,
            ResourceArns arns,
            List<String> secrets,
            Optional<S3Object> firstBundle) {

        public Inputs {
            secrets = List.copyOf(secrets);
        }
    }

    private InstancePolicy() {}

    /**
     * The instance role's statements for {@code service}, each with a Sid that says what it is for:
     * the model's grants ({@link ModelGrants}, which the docs' permissions table also renders) with
     * their resources as ARNs, then its secrets and what the platform itself needs.
     */
    public static List<PolicyStatement> statements(Topology topology, ServiceSpec service, Inputs in) {
        var statements = new ArrayList<PolicyStatement>();
        for (Grant grant : ModelGrants.of(topology, service.name())) {
            statements.add(
                    isMetrics(grant)
                            ? metrics(grant, in)
                            : allow(
                                    grant.sid(),
                                    grant.actions(),
                                    grant.resources().stream()
                                            .map(r -> arn(r, in))
                                            .toList()));
        }
        if (!in.secrets().isEmpty()) {
            statements.add(allow("ReadItsSecrets", List.of("secretsmanager:GetSecretValue"), in.secrets()));
        }
        statements.addAll(platform(service, in));
        return statements;
    }

    private static String arn(ModelGrants.Resource resource, Inputs in) {
        ResourceArns arns = in.arns();
        String name = resource.name();
        return switch (resource.kind()) {
            case TOPIC -> arns.topic(name);
            case QUEUE -> arns.queue(name);
            case BUCKET_OBJECTS -> arns.bucketObjects(name);
            case STREAM -> arns.stream(name);
            case STREAM_SHARD_COUNT -> "*"; // UpdateShardCount supports no resource-level permissions
            case TABLE -> arns.table(name);
            case TABLE_INDEXES -> arns.table(name) + "/index/*";
            case RUNTIME_TABLES -> runtimeTablePattern(in, name);
            case RUNTIME_TABLE_INDEXES -> runtimeTablePattern(in, name) + "/index/*";
            case LOOKED_UP_TABLE ->
                "arn:" + in.partition() + ":dynamodb:" + in.region() + ":" + in.account() + ":table/"
                        + in.names().physical(name);
            case MESSAGING_KEY -> arns.messagingKey();
            case STREAMING_KEY -> arns.streamingKey();
            case METRIC_NAMESPACE, RUNTIME_METRIC_NAMESPACES ->
                throw new IllegalArgumentException("a metric namespace is a condition, not a resource: " + resource);
        };
    }

    private static boolean isMetrics(Grant grant) {
        return grant.resources().stream()
                .allMatch(r -> r.kind() == ModelGrants.Kind.METRIC_NAMESPACE
                        || r.kind() == ModelGrants.Kind.RUNTIME_METRIC_NAMESPACES);
    }

    /**
     * CloudWatch's PutMetricData takes no resource: the namespace condition key is what narrows it
     * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html).
     */
    private static PolicyStatement metrics(Grant grant, Inputs in) {
        var namespaces = grant.resources().stream()
                .map(r -> in.names().physical(r.name())
                        + (r.kind() == ModelGrants.Kind.RUNTIME_METRIC_NAMESPACES ? "*" : ""))
                .toList();
        return PolicyStatement.Builder.create()
                .sid(grant.sid())
                .actions(grant.actions())
                .resources(List.of("*"))
                .conditions(Map.of("StringLike", Map.of("cloudwatch:namespace", namespaces)))
                .build();
    }

    /**
     * The CloudWatch namespace a service publishes its own meters under ({@code <env>-<service id>},
     * e.g. {@code prod-order-service}): the one name that EnvironmentOptionSettings gives the
     * service (management.cloudwatch.metrics.export.namespace) and that the role's condition allows.
     */
    public static String serviceMetricsNamespace(ResourceNames names, ServiceSpec service) {
        return names.physical(service.id());
    }

    /** {@code arn:<partition>:dynamodb:<region>:<account>:table/<env>-<namePrefix>*}. */
    static String runtimeTablePattern(Inputs in, String namePrefix) {
        return "arn:" + in.partition() + ":dynamodb:" + in.region() + ":" + in.account() + ":table/"
                + in.names().physical(namePrefix) + "*";
    }

    /** The platform's own needs: traces, logs, health, the source bundle. */
    private static List<PolicyStatement> platform(ServiceSpec service, Inputs in) {
        String partition = in.partition();
        String region = in.region();
        String account = in.account();
        String environmentName = in.names().physical(service.id());
        var statements = new ArrayList<PolicyStatement>();
        statements.add(allow(
                "XRayTraces",
                List.of(
                        "xray:PutTraceSegments",
                        "xray:PutTelemetryRecords",
                        "xray:GetSamplingRules",
                        "xray:GetSamplingTargets",
                        "xray:GetSamplingStatisticSummaries"),
                List.of("*")));
        // The service's own meters (Micrometer's CloudWatch registry): PutMetricData takes no
        // resource, so the namespace condition key is what keeps each service to its own namespace
        // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html).
        statements.add(PolicyStatement.Builder.create()
                .sid("PublishServiceMetrics")
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*"))
                .conditions(Map.of(
                        "StringEquals", Map.of("cloudwatch:namespace", serviceMetricsNamespace(in.names(), service))))
                .build());
        statements.add(allow(
                "StreamItsLogs",
                List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                List.of("arn:" + partition + ":logs:" + region + ":" + account + ":log-group:/aws/elasticbeanstalk/"
                        + environmentName + "*"))); // also <env>-b, the blue/green clone
        // Log streaming looks its log groups up first; DescribeLogGroups is a list action that takes
        // no log-group name, only the account's log groups in the region.
        statements.add(allow(
                "FindItsLogGroups",
                List.of("logs:DescribeLogGroups"),
                List.of("arn:" + partition + ":logs:" + region + ":" + account + ":log-group:*")));
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
        in.firstBundle()
                .ifPresent(bundle -> statements.add(allow(
                        "ReadTheFirstBundle",
                        List.of("s3:GetObject"),
                        List.of("arn:" + partition + ":s3:::" + bundle.bucket() + "/" + bundle.key()))));
        statements.add(allow(
                "PublishRotatedLogs",
                List.of("s3:PutObject"),
                List.of("arn:" + partition + ":s3:::elasticbeanstalk-" + region + "-" + account
                        + "/resources/environments/logs/*")));
        return statements;
    }

    private static PolicyStatement allow(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .actions(actions)
                .resources(resources)
                .build();
    }
}

package dev.awsref.infra;

import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.RuntimeTableSpec;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.StreamSpec;
import dev.awsref.platform.topology.TableSpec;
import dev.awsref.platform.topology.TopicSpec;
import dev.awsref.platform.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * The statements of a service's instance role, as a function of the topology model: a service may
 * publish to the topics it publishes to, consume the queues it consumes, create and delete the
 * run-time tables it owns, and so on, each action on those resources only. Nothing here needs a
 * construct scope: every ARN comes in as a string (CloudFormation tokens when the stacks call it,
 * plain ARNs in the tests), so the rules can be checked without synthesizing anything.
 *
 * <p>About 300 lines on purpose: every statement a service can get is here, in the order of the
 * README's role table, so reviewing a role is reading one file top to bottom. Most of the length is
 * the action lists and the Elastic Beanstalk platform ARNs, not logic.
 */
public final class InstancePolicy {

    /** Item reads and writes on a table the service owns; the KCL lease table is one of them. */
    static final List<String> TABLE_ITEM_ACTIONS = List.of(
            "dynamodb:DescribeTable",
            "dynamodb:GetItem",
            "dynamodb:BatchGetItem",
            "dynamodb:Query",
            "dynamodb:Scan",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:BatchWriteItem",
            "dynamodb:ConditionCheckItem");

    /**
     * What a service does with the tables it creates at run time: create, describe and delete them,
     * and what KCL does with a lease table's items and its lease-owner index. In KCL 3's
     * three-table format the worker-metrics and coordinator-state tables are named after the
     * application too, so they fall under the same name pattern.
     */
    static final List<String> RUNTIME_TABLE_ACTIONS = List.of(
            "dynamodb:CreateTable",
            "dynamodb:DescribeTable",
            "dynamodb:DeleteTable",
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Scan",
            "dynamodb:Query");

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

    /** The instance role's statements for {@code service}, each with a Sid that says what it is for. */
    public static List<PolicyStatement> statements(Topology topology, ServiceSpec service, Inputs in) {
        var statements = new ArrayList<PolicyStatement>();
        statements.addAll(messaging(topology, service, in.arns()));
        statements.addAll(streaming(topology, service, in.arns()));
        statements.addAll(tables(topology, service, in));
        if (!in.secrets().isEmpty()) {
            statements.add(allow("ReadItsSecrets", List.of("secretsmanager:GetSecretValue"), in.secrets()));
        }
        statements.addAll(platform(service, in));
        return statements;
    }

    private static List<PolicyStatement> messaging(Topology topology, ServiceSpec service, ResourceArns arns) {
        var statements = new ArrayList<PolicyStatement>();
        List<String> published = topology.topics().stream()
                .filter(t -> t.publisher().equals(Optional.of(service.name())))
                .map(TopicSpec::name)
                .map(arns::topic)
                .toList();
        if (!published.isEmpty()) {
            statements.add(allow("PublishToItsTopics", List.of("sns:Publish"), published));
            statements.add(allow(
                    "EncryptForItsTopics",
                    List.of("kms:GenerateDataKey", "kms:Decrypt"),
                    List.of(arns.messagingKey())));
        }

        // Its work queues and their dead-letter queues: both are declared with it as consumer.
        List<QueueSpec> consumed = topology.queues().stream()
                .filter(q -> q.consumer() == service.name())
                .toList();
        if (consumed.isEmpty()) {
            return statements;
        }
        statements.add(allow(
                "ConsumeItsQueues",
                List.of(
                        "sqs:ReceiveMessage",
                        "sqs:DeleteMessage",
                        "sqs:ChangeMessageVisibility",
                        "sqs:GetQueueAttributes",
                        "sqs:GetQueueUrl"),
                consumed.stream().map(q -> arns.queue(q.name())).toList()));
        statements.add(allow("DecryptItsMessages", List.of("kms:Decrypt"), List.of(arns.messagingKey())));
        // Redrive: move messages from a dead-letter queue back to its source queue.
        var deadLetterArns = new ArrayList<String>();
        var sourceArns = new ArrayList<String>();
        for (QueueSpec q : consumed) {
            q.deadLetter().ifPresent(dl -> {
                deadLetterArns.add(arns.queue(dl.queueName()));
                sourceArns.add(arns.queue(q.name()));
            });
        }
        if (!deadLetterArns.isEmpty()) {
            statements.add(allow(
                    "RedriveItsDeadLetterQueues",
                    List.of("sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:CancelMessageMoveTask"),
                    deadLetterArns));
            statements.add(allow("RedriveIntoItsSourceQueues", List.of("sqs:SendMessage"), sourceArns));
            // The listener policy (service-defaults' DeadLetterPolicy) moves a failed message to
            // its DLQ itself, with the reason as attributes; only the DLQs, not any other queue.
            statements.add(allow("DeadLetterItsFailedMessages", List.of("sqs:SendMessage"), deadLetterArns));
            statements.add(
                    allow("EncryptRedrivenMessages", List.of("kms:GenerateDataKey"), List.of(arns.messagingKey())));
        }
        var bucketObjects = consumed.stream()
                .flatMap(q -> topology.bucketsNotifying(q.name()).stream())
                .map(b -> arns.bucketObjects(b.name()))
                .toList();
        if (!bucketObjects.isEmpty()) {
            statements.add(allow("ReadNotifiedObjects", List.of("s3:GetObject"), bucketObjects));
        }
        return statements;
    }

    private static List<PolicyStatement> streaming(Topology topology, ServiceSpec service, ResourceArns arns) {
        var statements = new ArrayList<PolicyStatement>();
        for (StreamSpec stream : topology.streams()) {
            String arn = arns.stream(stream.name());
            if (stream.producer() == service.name()) {
                statements.add(allow(
                        "Produce" + pascal(stream.name()),
                        List.of("kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary"),
                        List.of(arn)));
                statements.add(allow(
                        "EncryptRecords" + pascal(stream.name()),
                        List.of("kms:GenerateDataKey"),
                        List.of(arns.streamingKey())));
            }
            if (stream.consumer() == service.name()) {
                statements.add(allow(
                        "ConsumeWithKcl" + pascal(stream.name()),
                        List.of(
                                "kinesis:DescribeStream",
                                "kinesis:DescribeStreamSummary",
                                "kinesis:GetRecords",
                                "kinesis:GetShardIterator",
                                "kinesis:ListShards"),
                        List.of(arn)));
                statements.add(allow(
                        "DecryptRecords" + pascal(stream.name()),
                        List.of("kms:Decrypt"),
                        List.of(arns.streamingKey())));
            }
        }
        return statements;
    }

    private static List<PolicyStatement> tables(Topology topology, ServiceSpec service, Inputs in) {
        var statements = new ArrayList<PolicyStatement>();
        List<TableSpec> owned = topology.tables().stream()
                .filter(t -> t.owner() == service.name())
                .toList();
        if (!owned.isEmpty()) {
            var tableArns = new ArrayList<String>();
            for (TableSpec t : owned) {
                String arn = in.arns().table(t.name());
                tableArns.add(arn);
                if (!t.globalIndexes().isEmpty() || !t.localIndexes().isEmpty()) {
                    tableArns.add(arn + "/index/*");
                }
            }
            statements.add(allow("ReadWriteItsTables", TABLE_ITEM_ACTIONS, tableArns));
            statements.add(allow(
                    "UseTheTablesKey",
                    List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"),
                    List.of(in.arns().streamingKey())));
        }
        // Tables it creates while it runs (a replay's lease table): only under the declared prefix.
        // It creates them with DynamoDB's own key, not a customer-managed one, so no KMS grant.
        var runtimeArns = new ArrayList<String>();
        for (RuntimeTableSpec pattern : topology.runtimeTables()) {
            if (pattern.owner() == service.name()) {
                String arn = runtimeTablePattern(in, pattern);
                runtimeArns.add(arn);
                runtimeArns.add(arn + "/index/*");
            }
        }
        if (!runtimeArns.isEmpty()) {
            statements.add(allow("ManageItsRuntimeTables", RUNTIME_TABLE_ACTIONS, runtimeArns));
        }
        return statements;
    }

    /** {@code arn:<partition>:dynamodb:<region>:<account>:table/<env>-<namePrefix>*}. */
    static String runtimeTablePattern(Inputs in, RuntimeTableSpec pattern) {
        return "arn:" + in.partition() + ":dynamodb:" + in.region() + ":" + in.account() + ":table/"
                + in.names().physical(pattern.namePrefix()) + "*";
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

    private static String pascal(String name) {
        var out = new StringBuilder();
        for (String part : name.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }
}

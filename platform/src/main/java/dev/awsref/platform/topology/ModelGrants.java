package dev.awsref.platform.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What each service may do to the resources of the model, as AWS actions on logical resources:
 * the one place that says a publisher needs {@code sns:Publish} on its topics, a consumer these SQS
 * actions on its queues, and so on. The CDK app turns these grants into the instance role's
 * statements (the resources into ARNs), and docs/architecture.md's permissions table is rendered
 * from them, so the role and its documentation cannot say different things.
 */
public final class ModelGrants {

    /** Item reads and writes on a table the service owns; the KCL lease table is one of them. */
    public static final List<String> TABLE_ITEM_ACTIONS = List.of(
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
    public static final List<String> RUNTIME_TABLE_ACTIONS = List.of(
            "dynamodb:CreateTable",
            "dynamodb:DescribeTable",
            "dynamodb:DeleteTable",
            "dynamodb:GetItem",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Scan",
            "dynamodb:Query");

    /** The kinds of resource a grant names; the CDK app knows each one's ARN. */
    public enum Kind {
        TOPIC("SNS"),
        QUEUE("SQS"),
        /** The objects of a bucket. */
        BUCKET_OBJECTS("S3"),
        STREAM("Kinesis"),
        /**
         * A stream's shard count: UpdateShardCount supports no resource-level permissions (the
         * Service Authorization Reference lists no resource type for it), so the policy names
         * {@code *}; the name is the stream's, for the docs.
         */
        STREAM_SHARD_COUNT("Kinesis"),
        TABLE("DynamoDB"),
        /** The indexes of a table. */
        TABLE_INDEXES("DynamoDB"),
        /** Every table under a run-time pattern; the name is the pattern's prefix. */
        RUNTIME_TABLES("DynamoDB"),
        RUNTIME_TABLE_INDEXES("DynamoDB"),
        /** A table a library looks up by name although nothing creates it; the name is the table's. */
        LOOKED_UP_TABLE("DynamoDB"),
        /** A CloudWatch metric namespace; PutMetricData takes no resource, so this is a condition. */
        METRIC_NAMESPACE("CloudWatch"),
        /** Every metric namespace under a run-time pattern; the name is the pattern's prefix. */
        RUNTIME_METRIC_NAMESPACES("CloudWatch"),
        /** The customer-managed key of topics and queues. */
        MESSAGING_KEY("KMS"),
        /** The customer-managed key of the stream and the tables. */
        STREAMING_KEY("KMS");

        private final String service;

        Kind(String service) {
            this.service = service;
        }

        /** The AWS service the resource belongs to, as people say it. */
        public String service() {
            return service;
        }
    }

    /** One resource of a grant, by kind and logical name (empty for the keys). */
    public record Resource(Kind kind, String name) {
        static Resource key(Kind kind) {
            return new Resource(kind, "");
        }
    }

    /**
     * One grant: what for ({@code purpose}, as the docs say it), which actions, on which resources.
     *
     * @param sid the statement id the CDK app gives it
     */
    public record Grant(String sid, String purpose, List<String> actions, List<Resource> resources) {
        public Grant {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
        }
    }

    private ModelGrants() {}

    /** Every grant {@code service} needs on the model's resources, in a stable order. */
    public static List<Grant> of(Topology topology, ServiceName service) {
        var grants = new ArrayList<Grant>();
        messaging(topology, service, grants);
        streaming(topology, service, grants);
        tables(topology, service, grants);
        return grants;
    }

    private static void messaging(Topology topology, ServiceName service, List<Grant> grants) {
        List<Resource> published = topology.topics().stream()
                .filter(t -> t.publisher().equals(Optional.of(service)))
                .map(t -> new Resource(Kind.TOPIC, t.name()))
                .toList();
        if (!published.isEmpty()) {
            grants.add(new Grant("PublishToItsTopics", "publishes", List.of("sns:Publish"), published));
            grants.add(new Grant(
                    "EncryptForItsTopics",
                    "encrypts what it publishes",
                    List.of("kms:GenerateDataKey", "kms:Decrypt"),
                    List.of(Resource.key(Kind.MESSAGING_KEY))));
        }
        // Its work queues and their dead-letter queues: both are declared with it as consumer.
        List<QueueSpec> consumed =
                topology.queues().stream().filter(q -> q.consumer() == service).toList();
        if (consumed.isEmpty()) {
            return;
        }
        grants.add(new Grant(
                "ConsumeItsQueues",
                "receives and deletes messages",
                List.of(
                        "sqs:ReceiveMessage",
                        "sqs:DeleteMessage",
                        "sqs:ChangeMessageVisibility",
                        "sqs:GetQueueAttributes",
                        "sqs:GetQueueUrl"),
                consumed.stream().map(q -> new Resource(Kind.QUEUE, q.name())).toList()));
        grants.add(new Grant(
                "DecryptItsMessages",
                "decrypts what it receives",
                List.of("kms:Decrypt"),
                List.of(Resource.key(Kind.MESSAGING_KEY))));
        var deadLetters = new ArrayList<Resource>();
        var sources = new ArrayList<Resource>();
        for (QueueSpec q : consumed) {
            q.deadLetter().ifPresent(dl -> {
                deadLetters.add(new Resource(Kind.QUEUE, dl.queueName()));
                sources.add(new Resource(Kind.QUEUE, q.name()));
            });
        }
        if (!deadLetters.isEmpty()) {
            grants.add(new Grant(
                    "RedriveItsDeadLetterQueues",
                    "redrives its dead letters",
                    List.of("sqs:StartMessageMoveTask", "sqs:ListMessageMoveTasks", "sqs:CancelMessageMoveTask"),
                    deadLetters));
            // StartMessageMoveTask (and the fallback move) sends dead letters back to their source.
            grants.add(new Grant(
                    "RedriveIntoItsSourceQueues", "takes redriven messages back", List.of("sqs:SendMessage"), sources));
            // The listener policy (service-defaults' DeadLetterPolicy) moves a failed message to its
            // DLQ itself, with the reason as attributes; only the DLQs, not any other queue.
            grants.add(new Grant(
                    "DeadLetterItsFailedMessages",
                    "moves its failed messages there with the reason",
                    List.of("sqs:SendMessage"),
                    deadLetters));
            grants.add(new Grant(
                    "EncryptRedrivenMessages",
                    "encrypts the messages it moves",
                    List.of("kms:GenerateDataKey"),
                    List.of(Resource.key(Kind.MESSAGING_KEY))));
        }
        var notified = consumed.stream()
                .flatMap(q -> topology.bucketsNotifying(q.name()).stream())
                .map(b -> new Resource(Kind.BUCKET_OBJECTS, b.name()))
                .toList();
        if (!notified.isEmpty()) {
            grants.add(new Grant(
                    "ReadNotifiedObjects",
                    "is told of new objects and links to them",
                    List.of("s3:GetObject"),
                    notified));
        }
    }

    private static void streaming(Topology topology, ServiceName service, List<Grant> grants) {
        for (StreamSpec stream : topology.streams()) {
            var resource = List.of(new Resource(Kind.STREAM, stream.name()));
            if (stream.producer() == service) {
                grants.add(new Grant(
                        "Produce" + pascal(stream.name()),
                        "produces",
                        List.of("kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary"),
                        resource));
                grants.add(new Grant(
                        "EncryptRecords" + pascal(stream.name()),
                        "encrypts the records it produces",
                        List.of("kms:GenerateDataKey"),
                        List.of(Resource.key(Kind.STREAMING_KEY))));
            }
            if (stream.consumer() == service && operates(topology, service)) {
                // The operations API reshards (StreamOperationsEndpoint): a split or merge of one
                // shard on the stream, or UpdateShardCount, which IAM cannot narrow to a stream.
                grants.add(new Grant(
                        "Reshard" + pascal(stream.name()),
                        "reshards it from its operations API",
                        List.of("kinesis:SplitShard", "kinesis:MergeShards"),
                        resource));
                grants.add(new Grant(
                        "ScaleShardCount" + pascal(stream.name()),
                        "changes its shard count from its operations API (UpdateShardCount takes no resource)",
                        List.of("kinesis:UpdateShardCount"),
                        List.of(new Resource(Kind.STREAM_SHARD_COUNT, stream.name()))));
            }
            if (stream.consumer() == service) {
                grants.add(new Grant(
                        "ConsumeWithKcl" + pascal(stream.name()),
                        "consumes with KCL",
                        List.of(
                                "kinesis:DescribeStream",
                                "kinesis:DescribeStreamSummary",
                                "kinesis:GetRecords",
                                "kinesis:GetShardIterator",
                                "kinesis:ListShards"),
                        resource));
                grants.add(new Grant(
                        "DecryptRecords" + pascal(stream.name()),
                        "decrypts the records it consumes",
                        List.of("kms:Decrypt"),
                        List.of(Resource.key(Kind.STREAMING_KEY))));
                // Reading the dead letters back (receive, delete) is ConsumeItsQueues: the queue
                // is declared with the stream's consumer as its consumer.
                stream.poisonRecords().ifPresent(poison -> {
                    grants.add(new Grant(
                            "DeadLetterPoisonRecords" + pascal(stream.name()),
                            "dead-letters the records it cannot apply",
                            List.of("sqs:SendMessage"),
                            List.of(new Resource(Kind.QUEUE, poison.deadLetterQueue()))));
                    grants.add(new Grant(
                            "EncryptPoisonRecords" + pascal(stream.name()),
                            "encrypts the records it dead-letters",
                            List.of("kms:GenerateDataKey"),
                            List.of(Resource.key(Kind.MESSAGING_KEY))));
                    if (stream.producer() != service) {
                        // A replay puts a dead letter back on the stream under its partition key.
                        grants.add(new Grant(
                                "ReplayPoisonRecords" + pascal(stream.name()),
                                "puts replayed dead letters back",
                                List.of("kinesis:PutRecord"),
                                resource));
                    }
                });
            }
        }
    }

    private static boolean operates(Topology topology, ServiceName service) {
        return topology.findService(service.id())
                .map(ServiceSpec::operationsApi)
                .orElse(false);
    }

    private static void tables(Topology topology, ServiceName service, List<Grant> grants) {
        var owned = new ArrayList<Resource>();
        for (TableSpec table : topology.tables()) {
            if (table.owner() == service) {
                owned.add(new Resource(Kind.TABLE, table.name()));
                if (!table.globalIndexes().isEmpty() || !table.localIndexes().isEmpty()) {
                    owned.add(new Resource(Kind.TABLE_INDEXES, table.name()));
                }
            }
        }
        if (!owned.isEmpty()) {
            grants.add(new Grant("ReadWriteItsTables", "owns", TABLE_ITEM_ACTIONS, owned));
            grants.add(new Grant(
                    "UseTheTablesKey",
                    "encrypts and decrypts its tables",
                    List.of("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:DescribeKey"),
                    List.of(Resource.key(Kind.STREAMING_KEY))));
        }
        // Tables it creates while it runs (a replay's lease table): only under the declared prefix.
        // It creates them with DynamoDB's own key, not a customer-managed one, so no KMS grant.
        var runtime = new ArrayList<Resource>();
        for (RuntimeTableSpec pattern : topology.runtimeTables()) {
            if (pattern.owner() == service) {
                runtime.add(new Resource(Kind.RUNTIME_TABLES, pattern.namePrefix()));
                runtime.add(new Resource(Kind.RUNTIME_TABLE_INDEXES, pattern.namePrefix()));
            }
        }
        if (!runtime.isEmpty()) {
            grants.add(new Grant(
                    "ManageItsRuntimeTables",
                    "creates them at run time and deletes them",
                    RUNTIME_TABLE_ACTIONS,
                    runtime));
        }
        kcl(topology, service, grants);
    }

    /**
     * What KCL 3.5.1 does besides reading and writing its lease table's items and querying its
     * lease-owner index (both under the table grants): at start-up it describes two legacy tables
     * named after the lease table ({@link TableSpec#KCL_LEGACY_TABLE_SUFFIXES}; a replay's fall
     * under its run-time pattern), and it publishes its metrics under a namespace named after the
     * application, which is the lease table's name.
     */
    private static void kcl(Topology topology, ServiceName service, List<Grant> grants) {
        var legacy = new ArrayList<Resource>();
        var namespaces = new ArrayList<Resource>();
        for (TableSpec table : topology.tables()) {
            if (table.owner() == service && table.isKclLeaseTable()) {
                for (String suffix : TableSpec.KCL_LEGACY_TABLE_SUFFIXES) {
                    legacy.add(new Resource(Kind.LOOKED_UP_TABLE, table.name() + suffix));
                }
                namespaces.add(new Resource(Kind.METRIC_NAMESPACE, table.name()));
            }
        }
        for (RuntimeTableSpec pattern : topology.runtimeTables()) {
            if (pattern.owner() == service && pattern.kclLeaseTables()) {
                namespaces.add(new Resource(Kind.RUNTIME_METRIC_NAMESPACES, pattern.namePrefix()));
            }
        }
        if (!legacy.isEmpty()) {
            grants.add(new Grant(
                    "LookUpKclLegacyTables",
                    "KCL looks them up at start-up; they do not exist, so it keeps that state in the lease table",
                    List.of("dynamodb:DescribeTable"),
                    legacy));
        }
        if (!namespaces.isEmpty()) {
            grants.add(new Grant(
                    "PublishKclMetrics",
                    "KCL publishes its metrics there",
                    List.of("cloudwatch:PutMetricData"),
                    namespaces));
        }
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

package dev.awsref.infra;

import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.StreamSpec;
import dev.awsref.platform.topology.TableSpec;
import dev.awsref.platform.topology.Topology;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.LocalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kinesisfirehose.CfnDeliveryStream;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.StorageClass;
import software.amazon.awscdk.services.s3.Transition;
import software.amazon.awscdk.services.sns.ITopic;
import software.constructs.Construct;

/**
 * The Kinesis stream and DynamoDB tables from the topology model, a Firehose delivery stream that
 * archives the stream to S3, and an alarm on how far behind the stream's readers are. Retention and
 * capacity mode are context options; the stream, archive and tables share one KMS key.
 */
public class StreamingStack extends Stack {

    /** Readers this far behind the tip of the stream page someone. */
    public static final Duration ITERATOR_AGE_ALARM = Duration.minutes(5);

    private final Key key;
    private final Map<String, Stream> streams = new LinkedHashMap<>();
    private final Map<String, Table> tables = new LinkedHashMap<>();

    public StreamingStack(
            Construct scope, String id, StackProps props, InfraSettings settings, Topology topology, ITopic opsAlerts) {
        super(scope, id, props);
        ResourceNames names = settings.names();
        key = Key.Builder.create(this, "StreamingKey")
                .alias("alias/" + names.physical("streaming"))
                .description("SSE for the stream, its archive and the tables")
                .enableKeyRotation(true)
                .build();

        for (StreamSpec spec : topology.streams()) {
            var builder = Stream.Builder.create(this, "Stream-" + spec.name())
                    .streamName(names.physical(spec.name()))
                    .retentionPeriod(Duration.hours(settings.kinesisRetentionHours()
                            .orElse((int) spec.retention().toHours())))
                    .encryption(StreamEncryption.KMS)
                    .encryptionKey(key);
            if (settings.kinesisOnDemand()) {
                builder.streamMode(StreamMode.ON_DEMAND);
            } else {
                builder.streamMode(StreamMode.PROVISIONED).shardCount(spec.shardCount());
            }
            Stream stream = builder.build();
            Nag.suppress(
                    stream,
                    "AwsSolutions-KDS3",
                    "A customer-managed key on purpose: producers, the KCL consumer and Firehose are granted this one"
                            + " key explicitly, and its policy and rotation are ours.");
            streams.put(spec.name(), stream);
            Alarm.Builder.create(this, "IteratorAge-" + spec.name())
                    .alarmDescription("Readers of " + stream.getStreamName() + " are more than "
                            + ITERATOR_AGE_ALARM.toMinutes() + " minutes behind; records expire after the retention")
                    .metric(stream.metricGetRecordsIteratorAgeMilliseconds(MetricOptions.builder()
                            .period(Duration.minutes(1))
                            .statistic("Maximum")
                            .build()))
                    .threshold(ITERATOR_AGE_ALARM.toMilliseconds())
                    .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                    .evaluationPeriods(5)
                    .treatMissingData(TreatMissingData.NOT_BREACHING)
                    .build()
                    .addAlarmAction(new SnsAction(opsAlerts));
            archive(spec, stream, names, settings.disasterRecovery());
        }

        for (TableSpec spec : topology.tables()) {
            tables.put(spec.name(), table(spec, names));
        }
    }

    /**
     * Firehose reads the stream and writes GZIP objects into an archive bucket. Its role may read
     * only this stream and write only into this bucket; it uses the key for both.
     */
    private void archive(StreamSpec spec, Stream stream, ResourceNames names, DisasterRecoveryOptions dr) {
        Bucket archive = Bucket.Builder.create(this, "Archive-" + spec.name())
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .transitions(List.of(Transition.builder()
                                .storageClass(StorageClass.GLACIER_INSTANT_RETRIEVAL)
                                .transitionAfter(Duration.days(90))
                                .build()))
                        .build()))
                .build();
        Nag.suppress(
                archive,
                "AwsSolutions-S1",
                "The archive is written only by Firehose; CloudTrail data events audit reads when needed.");
        dr.archiveReplicaBucketArn()
                .ifPresent(replica -> replicate(
                        archive, spec, replica, dr.archiveReplicaKmsKeyArn().orElseThrow()));

        Role role = Role.Builder.create(this, "FirehoseRole-" + spec.name())
                .assumedBy(new ServicePrincipal("firehose.amazonaws.com"))
                .description("Firehose: read " + spec.name() + ", write its archive")
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of(
                        "kinesis:DescribeStream",
                        "kinesis:DescribeStreamSummary",
                        "kinesis:GetShardIterator",
                        "kinesis:GetRecords",
                        "kinesis:ListShards"))
                .resources(List.of(stream.getStreamArn()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of(
                        "s3:AbortMultipartUpload",
                        "s3:GetBucketLocation",
                        "s3:ListBucket",
                        "s3:ListBucketMultipartUploads",
                        "s3:PutObject"))
                .resources(List.of(archive.getBucketArn(), archive.arnForObjects("*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt", "kms:GenerateDataKey"))
                .resources(List.of(key.getKeyArn()))
                .build());
        Nag.suppress(
                role,
                "AwsSolutions-IAM5",
                "Object ARNs of the archive bucket (bucket/*): Firehose names objects by time, so the keys are"
                        + " not known in advance; the bucket itself is named exactly.");

        var delivery = CfnDeliveryStream.Builder.create(this, "Firehose-" + spec.name())
                .deliveryStreamName(names.physical(spec.name() + "-archive"))
                .deliveryStreamType("KinesisStreamAsSource")
                .kinesisStreamSourceConfiguration(CfnDeliveryStream.KinesisStreamSourceConfigurationProperty.builder()
                        .kinesisStreamArn(stream.getStreamArn())
                        .roleArn(role.getRoleArn())
                        .build())
                .extendedS3DestinationConfiguration(
                        CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty.builder()
                                .bucketArn(archive.getBucketArn())
                                .roleArn(role.getRoleArn())
                                .prefix(spec.name() + "/!{timestamp:yyyy/MM/dd}/")
                                .errorOutputPrefix(spec.name() + "-errors/!{firehose:error-output-type}/")
                                .compressionFormat("GZIP")
                                .bufferingHints(CfnDeliveryStream.BufferingHintsProperty.builder()
                                        .intervalInSeconds(300)
                                        .sizeInMBs(64)
                                        .build())
                                .encryptionConfiguration(CfnDeliveryStream.EncryptionConfigurationProperty.builder()
                                        .kmsEncryptionConfig(CfnDeliveryStream.KMSEncryptionConfigProperty.builder()
                                                .awskmsKeyArn(key.getKeyArn())
                                                .build())
                                        .build())
                                .build())
                .build();
        delivery.getNode().addDependency(role);
        Nag.suppress(
                delivery,
                "AwsSolutions-KDF1",
                "A delivery stream whose source is a Kinesis stream cannot have server-side encryption of its"
                        + " own; the source stream and the destination bucket are both KMS-encrypted.");
    }

    /**
     * Replicates every new archive object to a versioned bucket in another region (S3 replication
     * needs versioning on both buckets). The objects are KMS-encrypted, so the rule opts in to
     * SSE-KMS objects and names the replica region's key. Delete markers are not replicated: a
     * deletion in this region, by mistake or by an attacker, leaves the copy intact. The role may
     * read this bucket's object versions and the key through S3 in this region, and write replicas
     * into that one bucket with that one key through S3 in its region; nothing else.
     */
    private void replicate(Bucket archive, StreamSpec spec, String replicaBucketArn, String replicaKeyArn) {
        String replicaRegion = replicaKeyArn.split(":")[3];
        Role role = Role.Builder.create(this, "ArchiveReplicationRole-" + spec.name())
                .assumedBy(new ServicePrincipal("s3.amazonaws.com"))
                .description("S3 replication of the " + spec.name() + " archive to " + replicaBucketArn)
                .build();
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetReplicationConfiguration", "s3:ListBucket"))
                .resources(List.of(archive.getBucketArn()))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of(
                        "s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"))
                .resources(List.of(archive.arnForObjects("*")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ReplicateObject", "s3:ReplicateTags"))
                .resources(List.of(replicaBucketArn + "/*"))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Decrypt"))
                .resources(List.of(key.getKeyArn()))
                .conditions(Map.of(
                        "StringEquals",
                        Map.of("kms:ViaService", "s3." + Stack.of(this).getRegion() + ".amazonaws.com")))
                .build());
        role.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("kms:Encrypt"))
                .resources(List.of(replicaKeyArn))
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "s3." + replicaRegion + ".amazonaws.com")))
                .build());
        Nag.suppress(
                role,
                "AwsSolutions-IAM5",
                "Object ARNs of the archive and its replica (bucket/*): replication copies every object, whose"
                        + " keys Firehose chooses by time; both buckets and both keys are named exactly.");

        var bucket = (CfnBucket) archive.getNode().getDefaultChild();
        bucket.setReplicationConfiguration(CfnBucket.ReplicationConfigurationProperty.builder()
                .role(role.getRoleArn())
                .rules(List.of(CfnBucket.ReplicationRuleProperty.builder()
                        .id(spec.name() + "-to-" + replicaRegion)
                        .status("Enabled")
                        .priority(1)
                        .filter(CfnBucket.ReplicationRuleFilterProperty.builder()
                                .prefix("")
                                .build())
                        .deleteMarkerReplication(CfnBucket.DeleteMarkerReplicationProperty.builder()
                                .status("Disabled")
                                .build())
                        .sourceSelectionCriteria(CfnBucket.SourceSelectionCriteriaProperty.builder()
                                .sseKmsEncryptedObjects(CfnBucket.SseKmsEncryptedObjectsProperty.builder()
                                        .status("Enabled")
                                        .build())
                                .build())
                        .destination(CfnBucket.ReplicationDestinationProperty.builder()
                                .bucket(replicaBucketArn)
                                .encryptionConfiguration(CfnBucket.EncryptionConfigurationProperty.builder()
                                        .replicaKmsKeyId(replicaKeyArn)
                                        .build())
                                .build())
                        .build()))
                .build());
    }

    private Table table(TableSpec spec, ResourceNames names) {
        var builder = Table.Builder.create(this, "Table-" + spec.name())
                .tableName(names.physical(spec.name()))
                .partitionKey(attribute(spec.partitionKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .encryption(TableEncryption.CUSTOMER_MANAGED)
                .encryptionKey(key)
                .removalPolicy(RemovalPolicy.RETAIN);
        spec.sortKey().ifPresent(k -> builder.sortKey(attribute(k)));
        Table table = builder.build();
        for (var gsi : spec.globalIndexes()) {
            var index = GlobalSecondaryIndexProps.builder()
                    .indexName(gsi.name())
                    .partitionKey(attribute(gsi.partitionKey()))
                    .projectionType(ProjectionType.valueOf(gsi.projection().name()));
            gsi.sortKey().ifPresent(k -> index.sortKey(attribute(k)));
            table.addGlobalSecondaryIndex(index.build());
        }
        for (var lsi : spec.localIndexes()) {
            table.addLocalSecondaryIndex(LocalSecondaryIndexProps.builder()
                    .indexName(lsi.name())
                    .sortKey(attribute(lsi.sortKey()))
                    .projectionType(ProjectionType.valueOf(lsi.projection().name()))
                    .build());
        }
        return table;
    }

    private static Attribute attribute(TableSpec.Key key) {
        return Attribute.builder()
                .name(key.attribute())
                .type(key.type() == TableSpec.KeyType.S ? AttributeType.STRING : AttributeType.NUMBER)
                .build();
    }

    public Key key() {
        return key;
    }

    public Stream stream(String logicalName) {
        return streams.get(logicalName);
    }

    public Table table(String logicalName) {
        return tables.get(logicalName);
    }
}

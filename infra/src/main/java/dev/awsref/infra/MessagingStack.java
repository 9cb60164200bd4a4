package dev.awsref.infra;

import dev.awsref.platform.topology.BucketSpec;
import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.SnsHttpDeliveryPolicy;
import dev.awsref.platform.topology.SubscriptionSpec;
import dev.awsref.platform.topology.TopicSpec;
import dev.awsref.platform.topology.Topology;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.sns.CfnSubscription;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.SqsSubscription;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;
import tools.jackson.databind.json.JsonMapper;

/**
 * SNS topics, SQS queues with their dead-letter queues, the subscriptions between them and the
 * documents bucket, all made by walking the topology model: this class declares no queue or topic
 * of its own. Everything is encrypted with one customer-managed KMS key, refuses plain HTTP, and
 * each queue's policy lets SNS (or S3) send only on behalf of the topics (or bucket) the model
 * connects to it. Every dead-letter queue has an alarm on {@code ops-alerts}.
 */
public class MessagingStack extends Stack {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Key key;
    private final Map<String, Topic> topics = new LinkedHashMap<>();
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private final Map<String, Bucket> buckets = new LinkedHashMap<>();
    private final Topic opsAlerts;

    public MessagingStack(Construct scope, String id, StackProps props, InfraSettings settings, Topology topology) {
        super(scope, id, props);
        ResourceNames names = settings.names();
        key = Key.Builder.create(this, "MessagingKey")
                .alias("alias/" + names.physical("messaging"))
                .description("SSE for the topics, queues and documents bucket")
                .enableKeyRotation(true)
                .build();
        // The services that write into encrypted topics and queues on our behalf. Which topic, bucket
        // or alarm may send where is pinned by the queue and topic policies (aws:SourceArn); the key
        // statement only lets the service encrypt for them, as the SNS, S3 and CloudWatch docs ask.
        for (String service : List.of("sns.amazonaws.com", "s3.amazonaws.com", "cloudwatch.amazonaws.com")) {
            key.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("Allow" + service.substring(0, service.indexOf('.')).toUpperCase())
                    .principals(List.of(new ServicePrincipal(service)))
                    .actions(List.of("kms:GenerateDataKey*", "kms:Decrypt"))
                    .resources(List.of("*")) // in a key policy "*" means this key
                    .build());
        }

        for (TopicSpec spec : topology.topics()) {
            topics.put(
                    spec.name(),
                    Topic.Builder.create(this, "Topic-" + spec.name())
                            .topicName(names.physical(spec.name()))
                            .fifo(spec.fifo() ? true : null)
                            .contentBasedDeduplication(spec.fifo() ? false : null)
                            .masterKey(key)
                            .enforceSsl(true)
                            .build());
        }
        topics.forEach((name, topic) -> allowAccountsToSubscribe(topic, topology.accountsSubscribingTo(name)));
        opsAlerts = topics.get(dev.awsref.platform.topology.ReferenceTopology.OPS_ALERTS);
        settings.opsEmail().ifPresent(email -> opsAlerts.addSubscription(new EmailSubscription(email)));

        for (QueueSpec spec : topology.queuesInCreationOrder()) {
            var builder = Queue.Builder.create(this, "Queue-" + spec.name())
                    .queueName(names.physical(spec.name()))
                    .fifo(spec.fifo() ? true : null)
                    .visibilityTimeout(seconds(spec.visibilityTimeout()))
                    .retentionPeriod(seconds(spec.retention()))
                    .receiveMessageWaitTime(seconds(spec.receiveWait()))
                    .encryption(QueueEncryption.KMS)
                    .encryptionMasterKey(key)
                    .dataKeyReuse(Duration.minutes(5))
                    .enforceSsl(true);
            spec.deadLetter()
                    .ifPresent(dl -> builder.deadLetterQueue(DeadLetterQueue.builder()
                            .queue(queues.get(dl.queueName()))
                            .maxReceiveCount(dl.maxReceiveCount())
                            .build()));
            Queue queue = builder.build();
            queues.put(spec.name(), queue);
            allowAccountsToSend(queue, topology.accountsSendingTo(spec.name()));
            if (spec.isDeadLetterQueue()) {
                alarmOnDepth(spec.name(), queue);
            }
            topology.streams().stream()
                    .filter(stream -> stream.poisonRecords()
                            .filter(p -> p.deadLetterQueue().equals(spec.name()))
                            .isPresent())
                    .forEach(stream -> Nag.suppress(
                            queue,
                            "AwsSolutions-SQS3",
                            "The dead-letter queue of Kinesis stream " + stream.name() + ": its consumer writes the"
                                    + " records it cannot apply here, so no SQS redrive policy points at it, and as"
                                    + " the end of the line it has no DLQ of its own."));
        }

        for (SubscriptionSpec spec : topology.subscriptions()) {
            subscribe(spec, topology.subscriptionDeadLetterQueue(spec));
        }
        for (ServiceSpec service : topology.services()) {
            settings.publicHttpsUrl(service.id())
                    .ifPresent(url -> service.snsHttpsTopics().forEach(topic -> subscribeHttps(service, topic, url)));
        }
        for (BucketSpec spec : topology.buckets()) {
            buckets.put(spec.name(), notifyingBucket(spec, names));
        }
    }

    /**
     * The service's SNS HTTP(S) endpoint, subscribed to a topic the model names for it; the same
     * model gives the service its TopicArn allow-list, so it accepts this topic's deliveries and no
     * other's. SNS sends a SubscriptionConfirmation, which the service confirms itself. The
     * model's delivery policy makes SNS retry a delivery through a restart of the service instead
     * of giving up after its default three retries, 20 s apart.
     */
    private void subscribeHttps(ServiceSpec service, String topic, String baseUrl) {
        CfnSubscription.Builder.create(this, "HttpsSubscription-" + service.id() + "-" + topic)
                .topicArn(topics.get(topic).getTopicArn())
                .protocol("https")
                .endpoint(baseUrl + ServiceSpec.snsHttpsPath(topic))
                .deliveryPolicy(SnsHttpDeliveryPolicy.SERVICE_ENDPOINT.asAttribute())
                .build();
    }

    /**
     * Other accounts the model lets send to this queue: their root as principal, so each account's
     * own IAM policies decide which of its principals may. SQS encrypts with our key on the
     * sender's behalf, so the key lets the same accounts encrypt, through SQS only. The queue keeps
     * its deny of plain HTTP, which wins over this allow.
     */
    private void allowAccountsToSend(Queue queue, List<String> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        List<IPrincipal> principals = accounts.stream()
                .map(account -> (IPrincipal) new AccountPrincipal(account))
                .toList();
        queue.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowNamedAccountsToSend")
                .principals(principals)
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .build());
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowSendersOf"
                        + queue.getNode().getId().replace("Queue-", "").replaceAll("[^A-Za-z0-9]", ""))
                .principals(principals)
                .actions(List.of("kms:GenerateDataKey", "kms:Decrypt"))
                .resources(List.of("*")) // in a key policy "*" means this key
                .conditions(Map.of("StringEquals", Map.of("kms:ViaService", "sqs." + getRegion() + ".amazonaws.com")))
                .build());
    }

    /**
     * Other accounts the model lets subscribe to this topic, each with an SQS queue of its own only
     * ({@code sns:Protocol}, {@code sns:Endpoint}): they cannot point our events at an HTTP URL or
     * at somebody else's queue. CDK's {@code enforceSsl} on a topic denies only {@code sns:Publish}
     * over plain HTTP (the IAM simulation found a partner's plain-HTTP Subscribe allowed), so a
     * topic opened to other accounts also denies Subscribe without TLS.
     */
    private void allowAccountsToSubscribe(Topic topic, List<String> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("DenySubscribeWithoutTls")
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("sns:Subscribe"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of("Bool", Map.of("aws:SecureTransport", "false")))
                .build());
        for (String account : accounts) {
            topic.addToResourcePolicy(PolicyStatement.Builder.create()
                    .sid("AllowQueuesOf" + account + "ToSubscribe")
                    .principals(List.of(new AccountPrincipal(account)))
                    .actions(List.of("sns:Subscribe"))
                    .resources(List.of(topic.getTopicArn()))
                    .conditions(Map.of(
                            "StringEquals",
                            Map.of("sns:Protocol", "sqs"),
                            "ArnLike",
                            Map.of("sns:Endpoint", "arn:" + getPartition() + ":sqs:*:" + account + ":*")))
                    .build());
        }
    }

    /**
     * {@link SqsSubscription} writes the queue policy statement (sqs:SendMessage for
     * sns.amazonaws.com with {@code aws:SourceArn} = this topic), on the subscription's dead-letter
     * queue too, where the model gives it one (its RedrivePolicy). The model's filter policy JSON goes
     * into the subscription unchanged, with its scope, so AWS evaluates exactly what the emulator
     * tests evaluated; translating it into CDK's typed filters could only drift.
     */
    private void subscribe(SubscriptionSpec spec, Optional<String> deadLetterQueue) {
        var subscription = topics.get(spec.topic())
                .addSubscription(SqsSubscription.Builder.create(queues.get(spec.queue()))
                        .rawMessageDelivery(spec.rawMessageDelivery())
                        .deadLetterQueue(deadLetterQueue.map(queues::get).orElse(null))
                        .build());
        spec.filterPolicy().ifPresent(policy -> {
            var cfn = (CfnSubscription) subscription.getNode().getDefaultChild();
            cfn.setFilterPolicy(JSON.readValue(policy, Map.class));
            cfn.setFilterPolicyScope(spec.filterPolicyScope().name());
        });
    }

    /**
     * The bucket's notification configuration is set on the bucket itself (no custom-resource
     * Lambda). S3 checks that it may send to the queue when the bucket is created, so the queue policy
     * comes first; it names the bucket by its ARN, built from the bucket's fixed name to avoid a cycle.
     */
    private Bucket notifyingBucket(BucketSpec spec, ResourceNames names) {
        String bucketName = names.physical(spec.name()) + "-" + getAccount() + "-" + getRegion();
        String bucketArn = "arn:" + getPartition() + ":s3:::" + bucketName;
        Queue queue = queues.get(spec.objectCreatedQueue());
        var grant = queue.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowBucketNotifications")
                .principals(List.of(new ServicePrincipal("s3.amazonaws.com")))
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(queue.getQueueArn()))
                .conditions(Map.of(
                        "ArnLike", Map.of("aws:SourceArn", bucketArn),
                        "StringEquals", Map.of("aws:SourceAccount", getAccount())))
                .build());
        Bucket bucket = Bucket.Builder.create(this, "Bucket-" + spec.name())
                .bucketName(bucketName)
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(true)
                .build();
        var cfnBucket = (CfnBucket) bucket.getNode().getDefaultChild();
        cfnBucket.setNotificationConfiguration(CfnBucket.NotificationConfigurationProperty.builder()
                .queueConfigurations(List.of(CfnBucket.QueueConfigurationProperty.builder()
                        .event("s3:ObjectCreated:*")
                        .queue(queue.getQueueArn())
                        .build()))
                .build());
        cfnBucket.getNode().addDependency(grant.getPolicyDependable());
        Nag.suppress(
                bucket,
                "AwsSolutions-S1",
                "Server access logs need a second bucket per environment; object-level auditing is done with"
                        + " CloudTrail data events when an account needs it.");
        return bucket;
    }

    private void alarmOnDepth(String name, Queue deadLetterQueue) {
        Alarm alarm = Alarm.Builder.create(this, "DlqDepth-" + name)
                .alarmDescription("Messages in dead-letter queue " + deadLetterQueue.getQueueName()
                        + ": inspect, fix the consumer, then redrive")
                .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(1))
                        .statistic("Maximum")
                        .build()))
                .threshold(0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(opsAlerts));
    }

    private static Duration seconds(java.time.Duration d) {
        return Duration.seconds(d.toSeconds());
    }

    public Key key() {
        return key;
    }

    public Topic topic(String logicalName) {
        return topics.get(logicalName);
    }

    public Queue queue(String logicalName) {
        return queues.get(logicalName);
    }

    public Bucket bucket(String logicalName) {
        return buckets.get(logicalName);
    }

    public Topic opsAlerts() {
        return opsAlerts;
    }
}

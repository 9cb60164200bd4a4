package dev.awsref.testsupport.awscalls;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;

/**
 * An SDK operation as the IAM requests AWS authorizes for it: the action (batch operations
 * authorize as their single form: {@code SendMessageBatch} is {@code sqs:SendMessage}) and the
 * resource ARN built from the request's own fields (a queue ARN from its URL, a table's index ARN
 * for a query on an index, one request per table of a batch). Reads fields by their API member
 * names ({@link SdkRequest#getValueForField}), so it needs no service's SDK module.
 *
 * <p>Calls that carry no resource of their own but continue one (GetRecords with a shard iterator,
 * ListShards with a next token) are resolved through the response that handed out the iterator or
 * token ({@link #rememberContinuations}).
 */
final class IamRequests {

    /** The account the emulators (fauxqs, kinesis-local, dynalite, LocalStack) all report. */
    static final String EMULATOR_ACCOUNT = "000000000000";

    /** Shard iterators and list tokens handed out, to the stream they belong to. */
    private static final Map<String, String> CONTINUATIONS = new ConcurrentHashMap<>();

    private static final Map<String, String> PREFIXES = Map.of(
            "Sqs", "sqs",
            "Sns", "sns",
            "Kinesis", "kinesis",
            "DynamoDb", "dynamodb",
            "CloudWatch", "cloudwatch",
            "S3", "s3",
            "SecretsManager", "secretsmanager",
            "Sts", "sts",
            "Kms", "kms");

    private IamRequests() {}

    static List<IamRequest> of(String service, String operation, SdkRequest request, String region) {
        String prefix = PREFIXES.getOrDefault(service, service.toLowerCase(java.util.Locale.ROOT));
        return switch (prefix) {
            case "sqs" -> sqs(operation, request, region);
            case "sns" -> sns(operation, request, region);
            case "kinesis" -> kinesis(operation, request, region);
            case "dynamodb" -> dynamodb(operation, request, region);
            case "cloudwatch" -> cloudwatch(operation, request);
            case "s3" -> s3(operation, request);
            default -> List.of(IamRequest.of(prefix + ":" + operation, "*"));
        };
    }

    private static List<IamRequest> sqs(String operation, SdkRequest request, String region) {
        String action = "sqs:" + singular(operation);
        if (operation.equals("ListQueues")) {
            return List.of(IamRequest.of(action, "*"));
        }
        if (operation.equals("GetQueueUrl") || operation.equals("CreateQueue")) {
            String account = field(request, "QueueOwnerAWSAccountId").orElse(EMULATOR_ACCOUNT);
            return List.of(IamRequest.of(
                    action, sqsArn(region, account, field(request, "QueueName").orElseThrow())));
        }
        if (operation.endsWith("MessageMoveTask") || operation.equals("ListMessageMoveTasks")) {
            // StartMessageMoveTask and ListMessageMoveTasks name the dead-letter queue by ARN;
            // CancelMessageMoveTask only by its task handle, which AWS resolves to the same queue.
            Optional<String> source = field(request, "SourceArn");
            return List.of(IamRequest.of(action, source.orElse("*")));
        }
        URI url = URI.create(field(request, "QueueUrl").orElseThrow());
        String[] path = url.getPath().replaceFirst("^/", "").split("/");
        return List.of(IamRequest.of(action, sqsArn(region, path[0], path[path.length - 1])));
    }

    private static String sqsArn(String region, String account, String name) {
        return "arn:aws:sqs:" + region + ":" + account + ":" + name;
    }

    private static List<IamRequest> sns(String operation, SdkRequest request, String region) {
        String action = "sns:" + singular(operation);
        if (operation.startsWith("List") && field(request, "TopicArn").isEmpty()) {
            return List.of(IamRequest.of(action, "*"));
        }
        if (operation.equals("CreateTopic")) {
            String name = field(request, "Name").orElseThrow();
            return List.of(IamRequest.of(action, "arn:aws:sns:" + region + ":" + EMULATOR_ACCOUNT + ":" + name));
        }
        if (operation.equals("SetSubscriptionAttributes")
                || operation.equals("GetSubscriptionAttributes")
                || operation.equals("Unsubscribe")) {
            // A subscription ARN is its topic's ARN plus an id; AWS authorizes on the topic.
            String subscription = field(request, "SubscriptionArn").orElseThrow();
            return List.of(IamRequest.of(action, subscription.substring(0, subscription.lastIndexOf(':'))));
        }
        return List.of(IamRequest.of(
                action,
                field(request, "TopicArn").or(() -> field(request, "TargetArn")).orElse("*")));
    }

    private static List<IamRequest> kinesis(String operation, SdkRequest request, String region) {
        String action = "kinesis:" + operation;
        // These take no resource in IAM (the Service Authorization Reference lists none for them).
        if (operation.equals("ListStreams")
                || operation.equals("DescribeLimits")
                || operation.equals("UpdateShardCount")) {
            return List.of(IamRequest.of(action, "*"));
        }
        Optional<String> consumer = field(request, "ConsumerARN");
        if (consumer.isPresent()
                && (operation.equals("SubscribeToShard")
                        || operation.equals("DescribeStreamConsumer")
                        || operation.equals("DeregisterStreamConsumer"))) {
            return List.of(IamRequest.of(action, consumer.orElseThrow()));
        }
        Optional<String> stream = field(request, "StreamARN")
                .or(() -> field(request, "StreamName").map(name -> streamArn(region, name)))
                .or(() -> field(request, "ShardIterator").map(CONTINUATIONS::get))
                .or(() -> field(request, "NextToken").map(CONTINUATIONS::get));
        return List.of(IamRequest.of(action, stream.orElse("unknown-stream")));
    }

    private static String streamArn(String region, String name) {
        return "arn:aws:kinesis:" + region + ":" + EMULATOR_ACCOUNT + ":stream/" + name;
    }

    private static List<IamRequest> dynamodb(String operation, SdkRequest request, String region) {
        String action = "dynamodb:" + operation;
        if (operation.equals("ListTables")
                || operation.equals("DescribeLimits")
                || operation.equals("DescribeEndpoints")) {
            return List.of(IamRequest.of(action, "*"));
        }
        if (operation.equals("BatchGetItem") || operation.equals("BatchWriteItem")) {
            var requests = new ArrayList<IamRequest>();
            Map<?, ?> items =
                    request.getValueForField("RequestItems", Map.class).orElse(Map.of());
            for (Object table : items.keySet()) {
                requests.add(IamRequest.of(action, tableArn(region, table.toString())));
            }
            return requests;
        }
        String table = tableArn(
                region,
                field(request, "TableName")
                        .or(() -> field(request, "ResourceArn"))
                        .orElseThrow());
        Optional<String> index = field(request, "IndexName");
        return List.of(
                IamRequest.of(action, index.map(i -> table + "/index/" + i).orElse(table)));
    }

    private static String tableArn(String region, String nameOrArn) {
        return nameOrArn.startsWith("arn:")
                ? nameOrArn
                : "arn:aws:dynamodb:" + region + ":" + EMULATOR_ACCOUNT + ":table/" + nameOrArn;
    }

    /** CloudWatch metrics take no resource; what narrows them is the namespace condition key. */
    private static List<IamRequest> cloudwatch(String operation, SdkRequest request) {
        String action = "cloudwatch:" + operation;
        Optional<String> namespace = field(request, "Namespace");
        return List.of(new IamRequest(
                action,
                "*",
                namespace.map(n -> Map.of("cloudwatch:namespace", n)).orElse(Map.of())));
    }

    private static List<IamRequest> s3(String operation, SdkRequest request) {
        String bucket = field(request, "Bucket").orElse("");
        Optional<String> key = field(request, "Key");
        String action = switch (operation) {
            case "HeadObject" -> "s3:GetObject";
            case "HeadBucket", "ListObjects", "ListObjectsV2" -> "s3:ListBucket";
            case "PutBucketNotificationConfiguration" -> "s3:PutBucketNotification";
            case "GetBucketNotificationConfiguration" -> "s3:GetBucketNotification";
            case "ListBuckets" -> "s3:ListAllMyBuckets";
            default -> "s3:" + operation;
        };
        if (bucket.isEmpty()) {
            return List.of(IamRequest.of(action, "*"));
        }
        return List.of(IamRequest.of(
                action, "arn:aws:s3:::" + bucket + key.map(k -> "/" + k).orElse("")));
    }

    /** The batch form of an action authorizes as the single one. */
    private static String singular(String operation) {
        return switch (operation) {
            case "SendMessageBatch" -> "SendMessage";
            case "DeleteMessageBatch" -> "DeleteMessage";
            case "ChangeMessageVisibilityBatch" -> "ChangeMessageVisibility";
            case "PublishBatch" -> "Publish";
            default -> operation;
        };
    }

    /** Remembers which stream a shard iterator or list token handed out belongs to. */
    static void rememberContinuations(String operation, SdkRequest request, SdkResponse response, String region) {
        if (operation == null
                || !(operation.equals("GetShardIterator")
                        || operation.equals("GetRecords")
                        || operation.equals("ListShards"))) {
            return;
        }
        // An iterator or token is used once: forget it whether or not the request also names the stream.
        Optional<String> continued = field(request, "ShardIterator")
                .or(() -> field(request, "NextToken"))
                .map(CONTINUATIONS::remove);
        Optional<String> stream = field(request, "StreamARN")
                .or(() -> field(request, "StreamName").map(name -> streamArn(region, name)))
                .or(() -> continued);
        if (stream.isEmpty()) {
            return;
        }
        for (String continuation : List.of("ShardIterator", "NextShardIterator", "NextToken")) {
            response.getValueForField(continuation, String.class)
                    .ifPresent(value -> CONTINUATIONS.put(value, stream.orElseThrow()));
        }
    }

    private static Optional<String> field(SdkRequest request, String name) {
        return request.getValueForField(name, String.class).filter(v -> !v.isEmpty());
    }
}

package dev.awsref.platform.topology.doc;

import static dev.awsref.platform.topology.doc.Markdown.code;
import static dev.awsref.platform.topology.doc.Markdown.codes;

import dev.awsref.platform.topology.BucketSpec;
import dev.awsref.platform.topology.QueueSpec;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.StreamSpec;
import dev.awsref.platform.topology.TableSpec;
import dev.awsref.platform.topology.TopicSpec;
import dev.awsref.platform.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Least privilege, derived from the roles the model gives each service: a publisher may publish,
 * a consumer may receive and delete, an owner may read and write, and nothing else. One row per
 * service and resource: service, resource, why, actions.
 */
final class PermissionRows {

    private PermissionRows() {}

    static List<List<String>> of(Topology topology) {
        var rows = new ArrayList<List<String>>();
        for (ServiceName service : ServiceName.values()) {
            for (TopicSpec topic : topology.topics()) {
                if (topic.publisher().equals(Optional.of(service))) {
                    rows.add(List.of(service.id(), "SNS " + code(topic.name()), "publishes", codes("sns:Publish")));
                }
            }
            for (QueueSpec queue : topology.queues()) {
                if (queue.consumer() == service) {
                    rows.add(queue(service, queue));
                }
            }
            for (BucketSpec bucket : topology.buckets()) {
                if (topology.queue(bucket.objectCreatedQueue()).consumer() == service) {
                    rows.add(List.of(
                            service.id(),
                            "S3 " + code(bucket.name()),
                            "is told of new objects via " + code(bucket.objectCreatedQueue()) + " and links to them",
                            codes("s3:GetObject")));
                }
            }
            for (StreamSpec stream : topology.streams()) {
                if (stream.producer() == service) {
                    rows.add(List.of(
                            service.id(),
                            "Kinesis " + code(stream.name()),
                            "produces",
                            codes(
                                    "kinesis:PutRecord",
                                    "kinesis:PutRecords",
                                    "kinesis:DescribeStreamSummary",
                                    "kinesis:ListShards")));
                }
                if (stream.consumer() == service) {
                    rows.add(List.of(
                            service.id(),
                            "Kinesis " + code(stream.name()) + " (KCL)",
                            "consumes",
                            codes(
                                    "kinesis:DescribeStream",
                                    "kinesis:DescribeStreamSummary",
                                    "kinesis:RegisterStreamConsumer",
                                    "kinesis:GetRecords",
                                    "kinesis:GetShardIterator",
                                    "kinesis:ListShards")));
                }
            }
            for (TableSpec table : topology.tables()) {
                if (table.owner() == service) {
                    rows.add(List.of(
                            service.id(),
                            "DynamoDB " + code(table.name()) + " and its indexes",
                            "owns",
                            codes(
                                    "dynamodb:DescribeTable",
                                    "dynamodb:GetItem",
                                    "dynamodb:PutItem",
                                    "dynamodb:UpdateItem",
                                    "dynamodb:DeleteItem",
                                    "dynamodb:BatchWriteItem",
                                    "dynamodb:Query",
                                    "dynamodb:Scan")));
                }
            }
        }
        return rows;
    }

    private static List<String> queue(ServiceName service, QueueSpec queue) {
        if (queue.isDeadLetterQueue()) {
            return List.of(
                    service.id(),
                    "SQS " + code(queue.name()),
                    "moves its failed messages there (with the reason), inspects and redrives them",
                    codes(
                            "sqs:SendMessage",
                            "sqs:ReceiveMessage",
                            "sqs:DeleteMessage",
                            "sqs:GetQueueAttributes",
                            "sqs:GetQueueUrl",
                            "sqs:StartMessageMoveTask",
                            "sqs:ListMessageMoveTasks",
                            "sqs:CancelMessageMoveTask"));
        }
        // StartMessageMoveTask needs SendMessage on the queue it moves dead letters back to.
        var consume = new ArrayList<>(List.of(
                "sqs:ReceiveMessage",
                "sqs:DeleteMessage",
                "sqs:ChangeMessageVisibility",
                "sqs:GetQueueAttributes",
                "sqs:GetQueueUrl"));
        if (queue.deadLetter().isPresent()) {
            consume.add("sqs:SendMessage");
        }
        return List.of(
                service.id(),
                "SQS " + code(queue.name()),
                queue.deadLetter().isPresent() ? "consumes; redrives its DLQ back into it" : "consumes",
                codes(consume.toArray(String[]::new)));
    }
}

package dev.awsref.platform.topology.doc;

import static dev.awsref.platform.topology.doc.Markdown.NONE;
import static dev.awsref.platform.topology.doc.Markdown.code;
import static dev.awsref.platform.topology.doc.Markdown.duration;
import static dev.awsref.platform.topology.doc.Markdown.joined;
import static dev.awsref.platform.topology.doc.Markdown.table;
import static dev.awsref.platform.topology.doc.Markdown.yesOrNo;

import dev.awsref.platform.topology.QueueSpec.DeadLetter;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.TableSpec.GlobalIndex;
import dev.awsref.platform.topology.TableSpec.Key;
import dev.awsref.platform.topology.TableSpec.LocalIndex;
import dev.awsref.platform.topology.Topology;
import java.util.List;
import java.util.stream.Collectors;

/** The resource tables of docs/architecture.md: one per kind of resource, then the permissions. */
final class ResourceTables {

    private ResourceTables() {}

    static String render(Topology topology) {
        var out = new StringBuilder();

        table(
                out,
                "SNS topics",
                List.of("Topic", "Type", "Publisher"),
                topology.topics().stream()
                        .map(t -> List.of(
                                code(t.name()),
                                type(t.fifo()),
                                t.publisher().map(ServiceName::id).orElse("none: CloudWatch alarms (AWS only)")))
                        .toList());

        table(
                out,
                "SQS queues",
                List.of(
                        "Queue",
                        "Type",
                        "Visibility timeout",
                        "Retention",
                        "Receive wait",
                        "DLQ",
                        "maxReceiveCount",
                        "Consumer"),
                topology.queues().stream()
                        .map(q -> List.of(
                                code(q.name()),
                                type(q.fifo()),
                                duration(q.visibilityTimeout()),
                                duration(q.retention()),
                                duration(q.receiveWait()),
                                q.deadLetter()
                                        .map(dl -> code(dl.queueName()))
                                        .orElseGet(() -> "is the DLQ of " + sourcesOf(topology, q.name())),
                                q.deadLetter()
                                        .map(dl -> String.valueOf(dl.maxReceiveCount()))
                                        .orElse(NONE),
                                q.consumer().id()))
                        .toList());

        table(
                out,
                "SNS subscriptions",
                List.of("Topic", "Queue", "Filter scope", "Filter policy", "Raw delivery"),
                topology.subscriptions().stream()
                        .map(s -> List.of(
                                code(s.topic()),
                                code(s.queue()),
                                s.filterPolicy().isPresent()
                                        ? s.filterPolicyScope().name()
                                        : NONE,
                                s.filterPolicy().map(p -> code(p)).orElse("none: every message"),
                                yesOrNo(s.rawMessageDelivery())))
                        .toList());

        table(
                out,
                "S3 buckets",
                List.of("Bucket", "Notifies", "Queue", "Queue consumer"),
                topology.buckets().stream()
                        .map(b -> List.of(
                                code(b.name()),
                                code("s3:ObjectCreated:*"),
                                code(b.objectCreatedQueue()),
                                topology.queue(b.objectCreatedQueue())
                                        .consumer()
                                        .id()))
                        .toList());

        table(
                out,
                "Kinesis streams",
                List.of("Stream", "Shards", "Retention", "Producer", "Consumer", "Poison records"),
                topology.streams().stream()
                        .map(s -> List.of(
                                code(s.name()),
                                String.valueOf(s.shardCount()),
                                duration(s.retention()),
                                s.producer().id(),
                                s.consumer().id(),
                                s.poisonRecords()
                                        .map(p -> "to " + code(p.deadLetterQueue()) + " after " + p.maxAttempts()
                                                + " attempts")
                                        .orElse(NONE)))
                        .toList());

        table(
                out,
                "DynamoDB tables",
                List.of("Table", "Partition key", "Sort key", "GSIs", "LSIs", "Owner"),
                topology.tables().stream()
                        .map(t -> List.of(
                                code(t.name()),
                                key(t.partitionKey()),
                                t.sortKey().map(k -> key(k)).orElse(NONE),
                                joined(t.globalIndexes(), ResourceTables::globalIndex),
                                joined(t.localIndexes(), ResourceTables::localIndex),
                                t.owner().id()))
                        .toList());

        table(
                out,
                "Permissions by service",
                List.of("Service", "Resource", "Because it", "Actions"),
                PermissionRows.of(topology));

        return out.toString().stripTrailing() + "\n";
    }

    private static String sourcesOf(Topology topology, String deadLetterQueue) {
        var queues = topology.queues().stream()
                .filter(q -> q.deadLetter()
                        .map(DeadLetter::queueName)
                        .filter(deadLetterQueue::equals)
                        .isPresent())
                .map(q -> code(q.name()));
        var streams = topology.streams().stream()
                .filter(s -> s.poisonRecords()
                        .filter(p -> p.deadLetterQueue().equals(deadLetterQueue))
                        .isPresent())
                .map(s -> "stream " + code(s.name()));
        return java.util.stream.Stream.concat(queues, streams).collect(Collectors.joining(", "));
    }

    private static String type(boolean fifo) {
        return fifo ? "FIFO" : "standard";
    }

    private static String key(Key key) {
        return code(key.attribute()) + " (" + key.type() + ")";
    }

    private static String globalIndex(GlobalIndex index) {
        return code(index.name()) + ": " + key(index.partitionKey())
                + index.sortKey().map(k -> " + " + key(k)).orElse("") + ", projects " + index.projection();
    }

    private static String localIndex(LocalIndex index) {
        return code(index.name()) + ": sort " + key(index.sortKey()) + ", projects " + index.projection();
    }
}

package dev.awsref.analytics.ops;

import dev.awsref.analytics.consume.LiveConsumer;
import dev.awsref.analytics.ingest.ActivityProducer;
import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * {@code /actuator/kinesis} on the management port (authenticated): the stream's shards with the
 * records this instance's producer put on each and its consumer read from each, which is where a
 * hot partition key shows, and each shard's KCL checkpoint and lease owner; and resharding. KCL finishes a parent shard (checkpoint SHARD_END)
 * before it starts its children, so a user's order holds across a reshard.
 */
@Component
@Endpoint(id = "kinesis")
class StreamOperationsEndpoint {

    private final KinesisAsyncClient kinesis;
    private final EnvironmentTopology names;
    private final ActivityProducer producer;
    private final ObjectProvider<LiveConsumer> consumer;
    private final DynamoDbAsyncClient dynamo;

    StreamOperationsEndpoint(
            KinesisAsyncClient kinesis,
            EnvironmentTopology names,
            ActivityProducer producer,
            ObjectProvider<LiveConsumer> consumer,
            DynamoDbAsyncClient dynamo) {
        this.dynamo = dynamo;
        this.kinesis = kinesis;
        this.names = names;
        this.producer = producer;
        this.consumer = consumer;
    }

    record ShardView(
            String shardId,
            boolean open,
            String parentShardId,
            String adjacentParentShardId,
            String startingHashKey,
            String endingHashKey,
            long producedByThisInstance,
            long consumedByThisInstance,
            String checkpoint,
            String leaseOwner) {}

    record StreamView(String stream, int openShards, long producerBacklog, List<ShardView> shards) {}

    @ReadOperation
    StreamView stream() {
        List<Shard> shards = listShards();
        Map<String, Long> produced = producer.sentPerShard();
        LiveConsumer live = consumer.getIfAvailable();
        Map<String, Long> consumed =
                live == null || live.stats() == null ? Map.of() : live.stats().perShard();
        Map<String, Map<String, AttributeValue>> leases = leases();
        var views = new ArrayList<ShardView>();
        int open = 0;
        for (Shard s : shards) {
            boolean isOpen = s.sequenceNumberRange().endingSequenceNumber() == null;
            open += isOpen ? 1 : 0;
            views.add(new ShardView(
                    s.shardId(),
                    isOpen,
                    s.parentShardId(),
                    s.adjacentParentShardId(),
                    s.hashKeyRange().startingHashKey(),
                    s.hashKeyRange().endingHashKey(),
                    produced.getOrDefault(s.shardId(), 0L),
                    consumed.getOrDefault(s.shardId(), 0L),
                    attribute(leases.get(s.shardId()), "checkpoint"),
                    attribute(leases.get(s.shardId()), "leaseOwner")));
        }
        return new StreamView(names.stream(ReferenceTopology.USER_ACTIVITY_STREAM), open, producer.backlog(), views);
    }

    /**
     * {@code action}: {@code update-shard-count} (with {@code targetShardCount}, uniform scaling),
     * {@code split} (with {@code shardId}, at the middle of its hash range) or {@code merge} (with
     * {@code shardId} and {@code adjacentShardId}).
     */
    @WriteOperation
    Map<String, Object> reshard(
            String action,
            @Nullable Integer targetShardCount,
            @Nullable String shardId,
            @Nullable String adjacentShardId) {
        String stream = names.stream(ReferenceTopology.USER_ACTIVITY_STREAM);
        var result = new LinkedHashMap<String, Object>();
        result.put("stream", stream);
        result.put("action", action);
        switch (action) {
            case "update-shard-count" -> {
                require(targetShardCount != null, "targetShardCount is required");
                var response = kinesis.updateShardCount(b -> b.streamName(stream)
                                .targetShardCount(targetShardCount)
                                .scalingType(ScalingType.UNIFORM_SCALING))
                        .join();
                result.put("from", response.currentShardCount());
                result.put("to", response.targetShardCount());
            }
            case "split" -> {
                require(shardId != null, "shardId is required");
                Shard shard = listShards().stream()
                        .filter(s -> s.shardId().equals(shardId))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no shard " + shardId));
                BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
                BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
                String middle = start.add(end).shiftRight(1).add(BigInteger.ONE).toString();
                kinesis.splitShard(
                                b -> b.streamName(stream).shardToSplit(shardId).newStartingHashKey(middle))
                        .join();
                result.put("newStartingHashKey", middle);
            }
            case "merge" -> {
                require(shardId != null && adjacentShardId != null, "shardId and adjacentShardId are required");
                kinesis.mergeShards(
                                b -> b.streamName(stream).shardToMerge(shardId).adjacentShardToMerge(adjacentShardId))
                        .join();
            }
            default ->
                throw new IllegalArgumentException(
                        "action must be update-shard-count, split or merge, was '" + action + "'");
        }
        result.put("status", "UPDATING; watch GET /actuator/kinesis");
        return result;
    }

    /**
     * The live KCL application's leases by shard: a closed parent shows {@code SHARD_END} once KCL
     * has read it to the end, and only then do its children get an owner and move on.
     */
    private Map<String, Map<String, AttributeValue>> leases() {
        var leases = new LinkedHashMap<String, Map<String, AttributeValue>>();
        try {
            dynamo.scanPaginator(b -> b.tableName(names.table(ReferenceTopology.ANALYTICS_KCL_APPLICATION)))
                    .items()
                    .subscribe(item -> {
                        if (item.containsKey("checkpoint")) {
                            leases.put(item.get("leaseKey").s(), item);
                        }
                    })
                    .join();
        } catch (java.util.concurrent.CompletionException e) {
            // No lease table (consumer not provisioned here): show the stream without leases.
        }
        return leases;
    }

    private static String attribute(Map<String, AttributeValue> item, String name) {
        return item == null || item.get(name) == null ? null : item.get(name).s();
    }

    private List<Shard> listShards() {
        var shards = new ArrayList<Shard>();
        String token = null;
        do {
            String next = token;
            var page = kinesis.listShards(b -> {
                        if (next == null) {
                            b.streamName(names.stream(ReferenceTopology.USER_ACTIVITY_STREAM));
                        } else {
                            b.nextToken(next);
                        }
                    })
                    .join();
            shards.addAll(page.shards());
            token = page.nextToken();
        } while (token != null);
        return shards;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

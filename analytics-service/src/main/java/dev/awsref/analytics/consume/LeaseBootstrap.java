package dev.awsref.analytics.consume;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Puts one unowned lease per shard into an empty lease table, as KCL would after its first shard
 * sync. KCL then starts on them at once instead of after its random 1-30 s wait for an empty table
 * and a full shard-sync interval (first record after ~2 s instead of ~80 s on the emulators). Each
 * lease starts at the initial position's sentinel (TRIM_HORIZON, AT_TIMESTAMP) and names its
 * parents, so KCL still finishes parents before children. Safe to race with KCL or another worker:
 * every put is conditional on the lease not existing.
 */
final class LeaseBootstrap {

    private static final Logger log = LoggerFactory.getLogger(LeaseBootstrap.class);

    private LeaseBootstrap() {}

    static int createLeasesIfNone(
            DynamoDbAsyncClient dynamo, KinesisAsyncClient kinesis, String leaseTable, String stream, String sentinel) {
        boolean anyLease = dynamo.scan(b -> b.tableName(leaseTable).consistentRead(true)).join().items().stream()
                .anyMatch(item -> item.containsKey("checkpoint"));
        if (anyLease) {
            return 0;
        }
        List<Shard> shards = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = kinesis.listShards(b -> {
                        if (next == null) {
                            b.streamName(stream);
                        } else {
                            b.nextToken(next);
                        }
                    })
                    .join();
            shards.addAll(page.shards());
            token = page.nextToken();
        } while (token != null);
        int created = 0;
        for (Shard shard : shards) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("leaseKey", AttributeValue.fromS(shard.shardId()));
            item.put("leaseCounter", AttributeValue.fromN("0"));
            item.put("ownerSwitchesSinceCheckpoint", AttributeValue.fromN("0"));
            item.put("checkpoint", AttributeValue.fromS(sentinel));
            item.put("checkpointSubSequenceNumber", AttributeValue.fromN("0"));
            item.put(
                    "startingHashKey", AttributeValue.fromS(shard.hashKeyRange().startingHashKey()));
            item.put("endingHashKey", AttributeValue.fromS(shard.hashKeyRange().endingHashKey()));
            var parents = new ArrayList<String>();
            if (shard.parentShardId() != null) {
                parents.add(shard.parentShardId());
            }
            if (shard.adjacentParentShardId() != null) {
                parents.add(shard.adjacentParentShardId());
            }
            if (!parents.isEmpty()) {
                item.put("parentShardId", AttributeValue.fromSs(parents));
            }
            try {
                dynamo.putItem(b -> b.tableName(leaseTable)
                                .item(item)
                                .conditionExpression("attribute_not_exists(leaseKey)"))
                        .join();
                created++;
            } catch (java.util.concurrent.CompletionException e) {
                if (!(e.getCause() instanceof ConditionalCheckFailedException)) {
                    throw e;
                }
            }
        }
        log.info("pre-created {} leases in {} at {}", created, leaseTable, sentinel);
        return created;
    }
}

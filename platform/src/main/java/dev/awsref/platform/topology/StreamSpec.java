package dev.awsref.platform.topology;

import java.time.Duration;

/**
 * A Kinesis data stream in provisioned mode. Records with the same partition key go to the same
 * shard, which is what keeps one user's events in order.
 *
 * @param name logical name
 * @param shardCount open shards at creation; later changes are resharding, an operation, not
 *     provisioning
 * @param retention how long records stay readable for replay (24 hours to 365 days)
 * @param producer the service that puts records
 * @param consumer the service whose KCL application reads them
 */
public record StreamSpec(String name, int shardCount, Duration retention, ServiceName producer, ServiceName consumer) {}

package dev.awsref.platform.provision;

import static dev.awsref.platform.provision.ProvisionReport.Action.CREATED;
import static dev.awsref.platform.provision.ProvisionReport.Action.DRIFTED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UNCHANGED;
import static dev.awsref.platform.provision.ProvisionReport.Action.UPDATED;

import dev.awsref.platform.topology.StreamSpec;
import dev.awsref.platform.topology.Topology;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/**
 * Kinesis streams in provisioned mode, waited on until ACTIVE. Retention is set to the topology's;
 * a different shard count is reported as drift, because resharding is an operation (of
 * analytics-service), not provisioning.
 */
final class StreamReconciler implements ResourceReconciler {

    private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);
    private static final FixedDelayBackoffStrategy POLL_EVERY_200_MS =
            FixedDelayBackoffStrategy.create(Duration.ofMillis(200));

    @Override
    public void reconcile(Topology topology, ProvisionRun run) {
        topology.streams().forEach(stream -> stream(stream, run));
    }

    private static void stream(StreamSpec stream, ProvisionRun run) {
        var kinesis = run.aws().kinesis();
        String name = run.physical(stream.name());
        int retentionHours = Math.toIntExact(stream.retention().toHours());
        Optional<StreamDescriptionSummary> existing = describeStream(name, run);
        if (existing.isEmpty()) {
            kinesis.createStream(b -> b.streamName(name)
                    .shardCount(stream.shardCount())
                    .streamModeDetails(m -> m.streamMode(StreamMode.PROVISIONED)));
            waitUntilActive(name, run);
            if (retentionHours != 24) {
                kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(retentionHours));
            }
            run.record(
                    CREATED,
                    "kinesis stream",
                    name,
                    stream.shardCount() + " shards, retention " + retentionHours + " h; ACTIVE");
            return;
        }
        var summary = existing.get();
        if (!"ACTIVE".equals(summary.streamStatusAsString())) {
            waitUntilActive(name, run);
        }
        boolean updated = false;
        if (summary.retentionPeriodHours() < retentionHours) {
            kinesis.increaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(retentionHours));
            updated = true;
        } else if (summary.retentionPeriodHours() > retentionHours) {
            kinesis.decreaseStreamRetentionPeriod(b -> b.streamName(name).retentionPeriodHours(retentionHours));
            updated = true;
        }
        String detail = stream.shardCount() + " shards, retention " + retentionHours + " h";
        if (summary.openShardCount() != stream.shardCount()) {
            run.record(
                    DRIFTED,
                    "kinesis stream",
                    name,
                    summary.openShardCount() + " open shards, topology says " + stream.shardCount()
                            + "; resharding is an operation (analytics-service), not provisioning");
        } else {
            run.record(
                    updated ? UPDATED : UNCHANGED, "kinesis stream", name, detail + (updated ? "; retention set" : ""));
        }
    }

    private static Optional<StreamDescriptionSummary> describeStream(String name, ProvisionRun run) {
        try {
            return Optional.of(run.aws()
                    .kinesis()
                    .describeStreamSummary(b -> b.streamName(name))
                    .streamDescriptionSummary());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void waitUntilActive(String name, ProvisionRun run) {
        try (var waiter = run.aws().kinesis().waiter()) {
            waiter.waitUntilStreamExists(
                    b -> b.streamName(name), o -> o.waitTimeout(ACTIVE_TIMEOUT).backoffStrategy(POLL_EVERY_200_MS));
        }
    }
}

package dev.awsref.platform.provision;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.topology.BucketSpec;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.StreamSpec;
import dev.awsref.platform.topology.TableSpec;
import dev.awsref.platform.topology.Topology;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A topology provisioned under a prefix of its own, deleted again on {@link #close()} (buckets
 * only if the test left them empty): what an
 * integration test class or a benchmark runs against on a shared emulator, so that neither sees
 * the other's messages and nothing is left behind (kinesis-local counts every stream's shards
 * against one limit for the whole emulator).
 */
public final class EphemeralTopology implements AutoCloseable {

    private final AwsClients aws;
    private final Topology topology;
    private final ResourceNames names;
    private final Map<String, String> queueUrls;
    private final Map<String, String> topicArns;

    private EphemeralTopology(AwsClients aws, Topology topology, ResourceNames names) {
        this.aws = aws;
        this.topology = topology;
        this.names = names;
        var provisioner = new Provisioner(aws, names, quiet());
        provisioner.provision(topology);
        this.queueUrls = Map.copyOf(provisioner.queueUrls());
        this.topicArns = Map.copyOf(provisioner.topicArns());
    }

    /** Provisions {@code topology} under {@code <tag>-<8 random characters>}. */
    public static EphemeralTopology provision(AwsClients aws, Topology topology, String tag) {
        return provision(
                aws,
                topology,
                new ResourceNames(tag + "-" + UUID.randomUUID().toString().substring(0, 8)));
    }

    /**
     * Provisions {@code topology} under names the caller chose; for a test that provisions them
     * itself first (the provisioner's own), it is a second, idempotent run, and then the handle
     * that deletes them.
     */
    public static EphemeralTopology provision(AwsClients aws, Topology topology, ResourceNames names) {
        return new EphemeralTopology(aws, topology, names);
    }

    /** As {@link #provision}, deleted when the JVM exits: for fixtures shared by many test classes. */
    public static EphemeralTopology provisionUntilExit(AwsClients aws, Topology topology, String tag) {
        var ephemeral = provision(aws, topology, tag);
        Runtime.getRuntime().addShutdownHook(new Thread(ephemeral::close, "delete-" + ephemeral.prefix()));
        return ephemeral;
    }

    public String prefix() {
        return names.prefix();
    }

    public ResourceNames names() {
        return names;
    }

    public Topology topology() {
        return topology;
    }

    /** A queue's URL, by logical name. */
    public String queueUrl(String logicalName) {
        String url = queueUrls.get(logicalName);
        if (url == null) {
            throw new IllegalArgumentException("no queue '" + logicalName + "' in this topology");
        }
        return url;
    }

    /** A topic's ARN, by logical name. */
    public String topicArn(String logicalName) {
        String arn = topicArns.get(logicalName);
        if (arn == null) {
            throw new IllegalArgumentException("no topic '" + logicalName + "' in this topology");
        }
        return arn;
    }

    /** Deletes what was provisioned; each deletion is tried even if another fails. */
    @Override
    public void close() {
        var failures = new ArrayList<String>();
        topicArns.values().forEach(arn -> attempt(failures, arn, () -> aws.sns().deleteTopic(r -> r.topicArn(arn))));
        queueUrls.values().forEach(url -> attempt(failures, url, () -> aws.sqs().deleteQueue(r -> r.queueUrl(url))));
        for (StreamSpec stream : topology.streams()) {
            String name = names.physical(stream.name());
            attempt(
                    failures,
                    name,
                    () -> aws.kinesis().deleteStream(r -> r.streamName(name).enforceConsumerDeletion(true)));
        }
        for (BucketSpec bucket : topology.buckets()) {
            String name = names.physical(bucket.name());
            attempt(failures, name, () -> aws.s3().deleteBucket(r -> r.bucket(name)));
        }
        for (TableSpec table : topology.tables()) {
            String name = names.physical(table.name());
            attempt(failures, name, () -> aws.dynamoDb().deleteTable(r -> r.tableName(name)));
        }
        if (!failures.isEmpty()) {
            System.err.println("could not delete " + List.copyOf(failures) + " of " + prefix());
        }
    }

    private static void attempt(List<String> failures, String what, Runnable deletion) {
        try {
            deletion.run();
        } catch (RuntimeException failed) {
            failures.add(what + " (" + failed.getClass().getSimpleName() + ")");
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}

package dev.awsref.analytics.support;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.provision.EphemeralTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.RedisTestServer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The reference topology provisioned on the shared emulators under a prefix of one test class's
 * own, so no other test class and no {@code ./dev up} sees its records. {@link #close()} deletes
 * it again, stream included: kinesis-local caps open shards for the whole emulator (SHARD_LIMIT),
 * and every test class shares that limit.
 */
public final class TestTopology implements AutoCloseable {

    private final AwsTestEnvironment environment;
    private final AwsClients aws;
    private final EphemeralTopology topology;

    private TestTopology(String tag) {
        environment = AwsTestEnvironment.get();
        aws = new AwsClients(AwsEndpoints.of(environment.region(), environment.endpoints()));
        topology = EphemeralTopology.provision(aws, ReferenceTopology.definition(), tag);
    }

    /**
     * Provisions the topology under {@code <tag>-<8 random characters>}; the tag names the test
     * class, so a resource left behind says where it came from.
     */
    public static TestTopology provision(String tag) {
        return new TestTopology(tag);
    }

    /** Points the service at the emulators, this topology and the test Redis. */
    public void register(DynamicPropertyRegistry registry) {
        environment.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("app.topology.prefix", topology::prefix);
        var redis = RedisTestServer.get();
        registry.add("spring.data.redis.host", redis::host);
        registry.add("spring.data.redis.port", redis::port);
    }

    public String prefix() {
        return topology.prefix();
    }

    /** Clients of the test itself, the way services build theirs. */
    public AwsClients aws() {
        return aws;
    }

    /** A queue's URL, by logical name. */
    public String queueUrl(String logicalName) {
        return topology.queueUrl(logicalName);
    }

    /** Deletes the topics, queues, bucket, stream and tables, then closes the clients. */
    @Override
    public void close() {
        try {
            topology.close();
        } finally {
            aws.close();
        }
    }
}

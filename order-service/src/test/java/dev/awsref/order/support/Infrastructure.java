package dev.awsref.order.support;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.provision.EphemeralTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.FreshDatabase;
import dev.awsref.testsupport.MemcachedTestServer;
import dev.awsref.testsupport.QueueProbe;
import dev.awsref.testsupport.RedisTestServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What an order-service integration test context runs against: a fresh database, the topology
 * provisioned under its own prefix on the shared emulators (deleted when the JVM exits), and
 * Redis. {@link OrderServiceIT} registers it for each test class ({@link Registrar}); a fault test
 * declares an {@link Overrides} bean.
 */
public final class Infrastructure {

    private static final AwsTestEnvironment AWS = AwsTestEnvironment.get();
    private static final AwsClients CLIENTS = new AwsClients(AwsEndpoints.of(AWS.region(), AWS.endpoints()));
    private static final Map<String, EphemeralTopology> TOPOLOGIES = new ConcurrentHashMap<>();
    /** Made up per test JVM: no secret in the repository. */
    private static final String OPERATIONS_PASSWORD = UUID.randomUUID().toString();

    private Infrastructure() {}

    /** Overrides for fault tests, as a bean of the test's: where the app's SNS client and Redis connect. */
    public record Overrides(Optional<URI> snsEndpoint, Optional<Integer> redisPort) {
        public static Overrides none() {
            return new Overrides(Optional.empty(), Optional.empty());
        }

        public static Overrides sns(URI endpoint) {
            return new Overrides(Optional.of(endpoint), Optional.empty());
        }

        public static Overrides redisPort(int port) {
            return new Overrides(Optional.empty(), Optional.of(port));
        }
    }

    /**
     * Registers the infrastructure of one test context, with the test's {@link Overrides} bean if it
     * declares one. Runs before the context makes its beans, but after its configuration is read:
     * what a condition decides on (the cache engine) goes in the test's {@code properties} or its
     * own {@code @DynamicPropertySource}.
     */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Registrar {

        @Bean
        DynamicPropertyRegistrar orderServiceInfrastructure(ObjectProvider<Overrides> overrides) {
            return registry -> register(registry, overrides.getIfAvailable(Overrides::none));
        }
    }

    private static void register(DynamicPropertyRegistry registry, Overrides overrides) {
        FreshDatabase.create("orders").springProperties().forEach((key, value) -> registry.add(key, () -> value));

        var topology = EphemeralTopology.provisionUntilExit(
                CLIENTS, ReferenceTopology.definition().messagingOnly(), "it");
        TOPOLOGIES.put(topology.prefix(), topology);
        registry.add("app.topology.prefix", topology::prefix);
        AWS.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        overrides.snsEndpoint().ifPresent(uri -> registry.add("spring.cloud.aws.sns.endpoint", uri::toString));

        RedisTestServer redis = RedisTestServer.get();
        registry.add("spring.data.redis.host", redis::host);
        registry.add("spring.data.redis.port", () -> overrides.redisPort().orElse(redis.port()));
        registry.add("management.server.port", () -> "0");
        registry.add("app.operations.password", () -> OPERATIONS_PASSWORD);
    }

    /**
     * The {@code Authorization} header, as name and value for {@link Api}, with the operations
     * credentials the actuator wants beyond health, info and prometheus (OperationsSecurity).
     */
    public static String[] operationsCredentials() {
        String credentials = "ops:" + OPERATIONS_PASSWORD;
        return new String[] {
            "Authorization",
            "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.US_ASCII))
        };
    }

    /**
     * Puts the order cache on Memcached instead of Redis: the test's own memcached, or {@code port}
     * on loopback (a closed port for an outage test).
     */
    public static void useMemcached(DynamicPropertyRegistry registry, Optional<Integer> port) {
        registry.add("app.cache.engine", () -> "memcached");
        registry.add(
                "app.cache.memcached.addresses",
                () -> port.map(p -> "127.0.0.1:" + p)
                        .orElseGet(() -> MemcachedTestServer.get().address()));
    }

    /** What a queue of the topology provisioned under {@code prefix} received, by logical name. */
    public static QueueProbe queue(String prefix, String logicalQueue) {
        return QueueProbe.of(CLIENTS.sqs(), TOPOLOGIES.get(prefix).queueUrl(logicalQueue));
    }

    public static AwsClients aws() {
        return CLIENTS;
    }

    public static URI snsEndpoint() {
        return AWS.sns();
    }
}

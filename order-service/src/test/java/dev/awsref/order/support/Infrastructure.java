package dev.awsref.order.support;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.provision.Provisioner;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ResourceNames;
import dev.awsref.platform.topology.Topology;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.RedisTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What an order-service integration test context runs against: a fresh database, the topology
 * provisioned under its own prefix on the shared emulators, and Redis. Each IT class calls {@link
 * #register} from its own {@code @DynamicPropertySource}, with overrides for fault tests.
 */
public final class Infrastructure {

    private static final AwsTestEnvironment AWS = AwsTestEnvironment.get();
    private static final AwsClients CLIENTS = new AwsClients(endpoints(AWS.sns()));
    private static final Map<String, Map<String, String>> QUEUE_URLS = new ConcurrentHashMap<>();

    private Infrastructure() {}

    /** Overrides for fault tests: where the app's SNS client and Redis connect. */
    public record Overrides(Optional<URI> snsEndpoint, Optional<Integer> redisPort) {
        public static Overrides none() {
            return new Overrides(Optional.empty(), Optional.empty());
        }
    }

    public static void register(DynamicPropertyRegistry registry, Overrides overrides) {
        TestDatabase database = TestDatabase.fresh();
        registry.add("spring.datasource.url", database::jdbcUrl);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);

        String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8);
        var provisioner = new Provisioner(CLIENTS, new ResourceNames(prefix), quiet());
        provisioner.provision(messagingOnly());
        QUEUE_URLS.put(prefix, Map.copyOf(provisioner.queueUrls()));
        deleteAtExit(provisioner.topicArns().values(), provisioner.queueUrls().values());
        registry.add("app.topology.prefix", () -> prefix);
        AWS.springProperties().forEach((key, value) -> registry.add(key, () -> value));
        overrides.snsEndpoint().ifPresent(uri -> registry.add("spring.cloud.aws.sns.endpoint", uri::toString));

        RedisTestServer redis = RedisTestServer.get();
        registry.add("spring.data.redis.host", redis::host);
        registry.add("spring.data.redis.port", () -> overrides.redisPort().orElse(redis.port()));
        registry.add("management.server.port", () -> "0");
    }

    /**
     * The topics, queues and subscriptions of the reference topology, without its bucket, stream
     * and tables: this service uses none of them, and every Kinesis stream counts against the
     * shared kinesis-local's shard limit (100), which other modules' tests need.
     */
    public static Topology messagingOnly() {
        Topology full = ReferenceTopology.definition();
        return new Topology(
                full.topics(),
                full.queues(),
                full.subscriptions(),
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of());
    }

    /** The emulators outlive the test JVM: leave nothing behind. */
    private static void deleteAtExit(Collection<String> topicArns, Collection<String> queueUrls) {
        List<String> topics = List.copyOf(topicArns);
        List<String> queues = List.copyOf(queueUrls);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (String arn : topics) {
                try {
                    CLIENTS.sns().deleteTopic(r -> r.topicArn(arn));
                } catch (RuntimeException ignored) {
                    // best effort at exit
                }
            }
            for (String url : queues) {
                try {
                    CLIENTS.sqs().deleteQueue(r -> r.queueUrl(url));
                } catch (RuntimeException ignored) {
                    // best effort at exit
                }
            }
        }));
    }

    /** The URL of a queue of the topology provisioned under {@code prefix}, by logical name. */
    public static String queueUrl(String prefix, String logicalQueue) {
        Map<String, String> urls = QUEUE_URLS.get(prefix);
        String physical = new ResourceNames(prefix).physical(logicalQueue);
        String url = urls.get(logicalQueue);
        if (url == null) {
            url = urls.get(physical);
        }
        if (url == null) {
            url = CLIENTS.sqs().getQueueUrl(r -> r.queueName(physical)).queueUrl();
        }
        return url;
    }

    public static AwsClients aws() {
        return CLIENTS;
    }

    public static URI snsEndpoint() {
        return AWS.sns();
    }

    private static AwsEndpoints endpoints(URI sns) {
        return new AwsEndpoints(
                AWS.region(),
                Optional.of(sns),
                Optional.of(AWS.sqs()),
                Optional.of(AWS.s3()),
                Optional.of(AWS.kinesis()),
                Optional.of(AWS.dynamodb()));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}

package dev.awsref.testsupport.bench;

import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.FreshDatabase;
import dev.awsref.testsupport.RedisTestServer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * How a benchmark starts the service it measures, in its own JVM: against the emulators of
 * {@link AwsTestEnvironment}, with Spring's logging at WARN (the benchmark prints its figures), and
 * every setting given as a command-line argument, so that it wins over the profile files (the
 * local profile's rate limit, for one, would throttle a run). What differs between benchmarks is
 * said with the builder's methods:
 *
 * <pre>{@code
 * BenchmarkApp.of(OrderServiceApplication.class)
 *         .profiles("local")
 *         .topology(prefix)
 *         .database(FreshDatabase.create("orders"))
 *         .redis()
 *         .onFreePorts()
 *         .with("app.outbox.relay-enabled", false)
 *         .start();
 * }</pre>
 */
public final class BenchmarkApp {

    private final Class<?>[] sources;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private String[] profiles = {};

    private BenchmarkApp(Class<?>[] sources) {
        this.sources = sources.clone();
        properties.putAll(AwsTestEnvironment.get().springProperties());
        properties.put("logging.level.root", "WARN");
    }

    /** The application made of {@code sources} (the service's main class, and any benchmark-only beans). */
    public static BenchmarkApp of(Class<?>... sources) {
        return new BenchmarkApp(sources);
    }

    public BenchmarkApp profiles(String... active) {
        this.profiles = active.clone();
        return this;
    }

    /** The names of the topology's queues and topics, as provisioned on the emulators under {@code prefix}. */
    public BenchmarkApp topology(String prefix) {
        return with("app.topology.prefix", prefix);
    }

    /** A PostgreSQL database of the benchmark's own, which the service's migrations fill. */
    public BenchmarkApp database(FreshDatabase database) {
        database.springProperties().forEach(properties::put);
        return this;
    }

    /** The Redis of the tests ({@link RedisTestServer}). */
    public BenchmarkApp redis() {
        RedisTestServer redis = RedisTestServer.get();
        return with("spring.data.redis.host", redis.host()).with("spring.data.redis.port", redis.port());
    }

    /** The HTTP and management servers on free ports, read back with {@link #port}. */
    public BenchmarkApp onFreePorts() {
        return with("server.port", 0).with("management.server.port", 0);
    }

    public BenchmarkApp with(String property, Object value) {
        properties.put(property, value);
        return this;
    }

    public ConfigurableApplicationContext start() {
        String[] arguments = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(sources).profiles(profiles).run(arguments);
    }

    /** The port the started application's HTTP server listens on. */
    public static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getRequiredProperty("local.server.port"));
    }
}

package dev.awsref.system.support;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.provision.EphemeralTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsTestEnvironment;
import dev.awsref.testsupport.FreshDatabase;
import dev.awsref.testsupport.ProjectRoot;
import dev.awsref.testsupport.RedisTestServer;
import dev.awsref.testsupport.TcpGate;
import dev.awsref.testsupport.TcpPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole system, started once per test JVM and shared by every system test: a topology
 * provisioned under a fresh prefix, fresh databases, the three services' jars from this reactor
 * started as {@code ./dev up} starts them, and a {@link TcpGate} on each path a drill cuts
 * (order-service to SNS; order- and notification-service each to PostgreSQL; order- and
 * analytics-service to Redis). Stopped when the JVM exits.
 */
public final class RunningSystem {

    private static final String VERSION = "0.1.0-SNAPSHOT";
    /**
     * {@code -Dsystem.aot-cache=true}: start each service from the JDK AOT cache ./dev up trained,
     * as ./dev up does (the system benchmark); by default the plain jar ({@link RunCommand}).
     */
    private static final boolean WITH_AOT_CACHE = Boolean.getBoolean("system.aot-cache");
    /** What {@code dev}'s start_service sets for {@code java} ({@link RunCommand}); the suite sets each of them. */
    private static final Set<String> RUN_COMMAND_VARIABLES =
            Set.of("SERVER_PORT", "MANAGEMENT_SERVER_PORT", "APP_TOPOLOGY_PREFIX", "SPRING_PROFILES_ACTIVE");

    private static RunningSystem shared;

    private final AwsClients aws;
    private final EphemeralTopology topology;
    private final TcpGate snsGate;
    private final TcpGate ordersPostgresGate;
    private final TcpGate notificationsPostgresGate;
    private final TcpGate redisGate;
    private final FreshDatabase ordersDatabase;
    private final FreshDatabase notificationsDatabase;
    private final TestIssuer issuer;
    private final ZipkinReceiver zipkin;
    private final URI mailApi;
    /** The operations API's password for this run, made up here: no secret in the repository. */
    private final String operationsPassword = java.util.UUID.randomUUID().toString();

    private final ServiceProcess orderService;
    private final ServiceProcess notificationService;
    private final ServiceProcess analyticsService;

    public static synchronized RunningSystem get() {
        if (shared == null) {
            var system = new RunningSystem();
            // Before starting: a service that never gets ready must not outlive the test JVM.
            Runtime.getRuntime().addShutdownHook(new Thread(system::stopAll, "stop-system"));
            system.startAll();
            shared = system;
        }
        return shared;
    }

    private RunningSystem() {
        Path root = ProjectRoot.find();
        Map<String, RunCommand> commands = new LinkedHashMap<>();
        for (String name : List.of("order-service", "notification-service", "analytics-service")) {
            RunCommand command = RunCommand.of(root, name, WITH_AOT_CACHE);
            if (!RUN_COMMAND_VARIABLES.containsAll(command.environment().keySet())) {
                throw new IllegalStateException("./dev starts " + name + " with "
                        + command.environment().keySet()
                        + "; the system tests know only " + RUN_COMMAND_VARIABLES
                        + ": teach RunningSystem the new one");
            }
            commands.put(name, command);
        }
        AwsTestEnvironment env = AwsTestEnvironment.get();
        aws = new AwsClients(AwsEndpoints.of(env.region(), env.endpoints()));
        topology = EphemeralTopology.provision(aws, ReferenceTopology.definition(), "sys");
        mailApi = maildev();

        RedisTestServer redis = RedisTestServer.get();
        ordersDatabase = FreshDatabase.create("orders_sys");
        notificationsDatabase = FreshDatabase.create("notifications_sys");
        URI postgres = URI.create(ordersDatabase.jdbcUrl().substring("jdbc:".length()));
        snsGate = new TcpGate(env.sns());
        ordersPostgresGate = new TcpGate(URI.create("tcp://" + postgres.getHost() + ":" + postgres.getPort()));
        notificationsPostgresGate = new TcpGate(URI.create("tcp://" + postgres.getHost() + ":" + postgres.getPort()));
        redisGate = new TcpGate(URI.create("tcp://" + redis.host() + ":" + redis.port()));
        issuer = TestIssuer.start();
        zipkin = ZipkinReceiver.start();

        Map<String, String> common = new LinkedHashMap<>();
        common.put("APP_TOPOLOGY_PREFIX", topology.prefix());
        // What `eval "$(tools/emulators.sh env)"` exports for ./dev up, pointed at this run's endpoints.
        common.put("AWS_ENDPOINT_URL_SQS", env.sqs().toString());
        common.put("AWS_ENDPOINT_URL_SNS", env.sns().toString());
        common.put("AWS_ENDPOINT_URL_S3", env.s3().toString());
        common.put("AWS_ENDPOINT_URL_KINESIS", env.kinesis().toString());
        common.put("AWS_ENDPOINT_URL_DYNAMODB", env.dynamodb().toString());
        common.put("AWS_REGION", env.region());
        common.put("AWS_DEFAULT_REGION", env.region());
        common.put("AWS_ACCESS_KEY_ID", AwsTestEnvironment.ACCESS_KEY);
        common.put("AWS_SECRET_ACCESS_KEY", AwsTestEnvironment.SECRET_KEY);
        common.put("APP_OPERATIONS_PASSWORD", operationsPassword);
        // The PostgreSQL is shared with other builds (max_connections 100): pools open connections
        // as they need them instead of filling up at start (Hikari's default minimum-idle = maximum).
        common.put("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "2");
        // Every span to the suite's Zipkin receiver, promptly, so a test can follow one trace.
        common.put("TRACING_SAMPLING_PROBABILITY", "1.0");
        common.put("MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENABLED", "true");
        common.put(
                "MANAGEMENT_TRACING_EXPORT_ZIPKIN_ENDPOINT", zipkin.endpoint().toString());
        common.put("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_SCHEDULE_DELAY", "500ms");
        common.put("SPRING_MAIL_HOST", "127.0.0.1");
        common.put("SPRING_MAIL_PORT", String.valueOf(envPort("SMTP_PORT", 1025)));
        common.put(
                "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI",
                issuer.jwkSetUri().toString());

        Map<String, String> order = new LinkedHashMap<>(common);
        order.put("AWS_ENDPOINT_URL_SNS", snsGate.endpoint().toString());
        order.put("SPRING_DATASOURCE_URL", throughGate(ordersDatabase.jdbcUrl(), ordersPostgresGate));
        order.put("SPRING_DATA_REDIS_HOST", "127.0.0.1");
        order.put("SPRING_DATA_REDIS_PORT", String.valueOf(redisGate.port()));

        Map<String, String> notification = new LinkedHashMap<>(common);
        notification.put(
                "SPRING_DATASOURCE_URL", throughGate(notificationsDatabase.jdbcUrl(), notificationsPostgresGate));

        Map<String, String> analytics = new LinkedHashMap<>(common);
        analytics.put("SPRING_DATA_REDIS_HOST", "127.0.0.1");
        analytics.put("SPRING_DATA_REDIS_PORT", String.valueOf(redisGate.port()));

        Path logs = root.resolve("system-tests/target/system-tests");
        orderService = service(root, commands.get("order-service"), "order-service", order, logs);
        notificationService =
                service(root, commands.get("notification-service"), "notification-service", notification, logs);
        analyticsService = service(root, commands.get("analytics-service"), "analytics-service", analytics, logs);
    }

    private void startAll() {
        try {
            snsGate.open();
            ordersPostgresGate.open();
            notificationsPostgresGate.open();
            redisGate.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<ServiceProcess> all = services();
        // As ./dev up does: refuse a port someone else holds rather than test their process.
        for (ServiceProcess service : all) {
            for (URI uri : List.of(service.baseUri(), service.managementUri())) {
                if (TcpPort.open("127.0.0.1", uri.getPort())) {
                    throw new IllegalStateException("port " + uri.getPort() + " (for " + service.name()
                            + ") is already taken by another process; stop it or choose another port");
                }
            }
        }
        all.forEach(ServiceProcess::start);
        all.forEach(ServiceProcess::awaitReady);
    }

    private void stopAll() {
        // The services first, so none of them sees its queues and streams vanish under it.
        services().forEach(ServiceProcess::kill);
        topology.close();
        issuer.close();
        zipkin.close();
        try {
            snsGate.close();
            ordersPostgresGate.close();
            notificationsPostgresGate.close();
            redisGate.close();
        } catch (IOException ignored) {
            // exiting anyway
        }
        aws.close();
    }

    private List<ServiceProcess> services() {
        return List.of(orderService, notificationService, analyticsService);
    }

    public ServiceProcess orderService() {
        return orderService;
    }

    public ServiceProcess notificationService() {
        return notificationService;
    }

    public ServiceProcess analyticsService() {
        return analyticsService;
    }

    public OrderApi orders() {
        return new OrderApi(orderService.baseUri());
    }

    /** analytics-service's API as {@code user} calls it, with that user's token. */
    public AnalyticsApi analyticsAs(String user, String... scopes) {
        return new AnalyticsApi(analyticsService.baseUri(), issuer.token(user, scopes));
    }

    /** A bearer token of the suite's issuer for {@code user}: for a load tool that sends its own requests. */
    public String token(String user, String... scopes) {
        return issuer.token(user, scopes);
    }

    /** notification-service's operations API (queue depths, dead letters, redrive). */
    public OperationsApi notificationOperations() {
        return new OperationsApi(notificationService.managementUri(), operationsPassword);
    }

    /** The spans the three services reported. */
    public ZipkinReceiver traces() {
        return zipkin;
    }

    public Mailbox mailbox() {
        return new Mailbox(mailApi);
    }

    public AwsClients aws() {
        return aws;
    }

    public EphemeralTopology topology() {
        return topology;
    }

    public TcpGate snsGate() {
        return snsGate;
    }

    public TcpGate ordersPostgresGate() {
        return ordersPostgresGate;
    }

    public TcpGate notificationsPostgresGate() {
        return notificationsPostgresGate;
    }

    public TcpGate redisGate() {
        return redisGate;
    }

    public FreshDatabase ordersDatabase() {
        return ordersDatabase;
    }

    public FreshDatabase notificationsDatabase() {
        return notificationsDatabase;
    }

    private static ServiceProcess service(
            Path root, RunCommand command, String name, Map<String, String> environment, Path logs) {
        String variable = name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        // ./dev's own override (ORDER_SERVICE_PORT etc.), with its management port rule (+1000)
        // unless <NAME>_MANAGEMENT_PORT says otherwise; free ports when neither is set.
        String fixed = System.getenv(variable + "_PORT");
        int port = fixed == null ? freePort() : Integer.parseInt(fixed);
        String fixedManagement = System.getenv(variable + "_MANAGEMENT_PORT");
        int managementPort =
                fixedManagement != null ? Integer.parseInt(fixedManagement) : fixed != null ? port + 1000 : freePort();
        var env = new LinkedHashMap<>(environment);
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("MANAGEMENT_SERVER_PORT", String.valueOf(managementPort));
        // The profile the run command falls back to; the prefix is this run's topology's.
        env.put("SPRING_PROFILES_ACTIVE", command.profile());
        Path recorder = root.resolve("test-support/target/test-support-" + VERSION + ".jar");
        // Where infra's IAM check reads the system tests' calls: aws-calls/<service>/start-<n>/<service>.jsonl.
        Path calls = root.resolve("system-tests/target/aws-calls").resolve(name);
        deleteRecursively(calls); // the last run's calls only, as the recorder keeps them
        return new ServiceProcess(
                name, command.jar(), command, env, port, managementPort, logs.resolve(name + ".log"), recorder, calls);
    }

    private static void deleteRecursively(Path directory) {
        if (!java.nio.file.Files.isDirectory(directory)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String throughGate(String jdbcUrl, TcpGate gate) {
        return jdbcUrl.replaceFirst("//[^/]+/", "//127.0.0.1:" + gate.port() + "/");
    }

    private static URI maildev() {
        int port = envPort("MAIL_WEB_PORT", 1080);
        if (!TcpPort.open("127.0.0.1", port)) {
            throw new IllegalStateException("the SMTP sink's API (maildev) does not answer on 127.0.0.1:" + port
                    + "; start it with tools/emulators.sh start (MAIL_WEB_PORT/SMTP_PORT choose its ports)");
        }
        return URI.create("http://127.0.0.1:" + port + "/api/email");
    }

    private static int envPort(String variable, int fallback) {
        String value = System.getenv(variable);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static int freePort() {
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

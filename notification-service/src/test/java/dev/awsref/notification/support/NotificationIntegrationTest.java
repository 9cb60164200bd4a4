package dev.awsref.notification.support;

import dev.awsref.testsupport.AwsEmulators;
import dev.awsref.testsupport.PostgresTestDatabase;
import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that share one running service: one topology on the emulator, one
 * GreenMail, PostgreSQL (schema notification_it), one cached Spring context. Each test uses its own
 * order and customer ids, so tests do not see each other's events or emails.
 */
@AwsEmulators
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class NotificationIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    protected io.micrometer.core.instrument.MeterRegistry meters;

    protected final TestTopology topology = TestTopology.shared();
    protected final TestMail mail = TestMail.get();

    /** How many events the service handled from {@code logicalQueue} with this type and outcome. */
    protected double handled(String logicalQueue, String type, String outcome) {
        var counter = meters.find("notification.events")
                .tags("queue", logicalQueue, "type", type, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    public static final String OPS_USER = "ops";
    public static final String OPS_PASSWORD = "test-ops-password";

    @DynamicPropertySource
    static void sharedInfrastructure(DynamicPropertyRegistry registry) {
        testProperties(TestTopology.shared()).forEach((key, value) -> registry.add(key, () -> value));
    }

    /** Every property a test instance of the service needs, for {@code topology}. */
    public static Map<String, String> testProperties(TestTopology topology) {
        var database = PostgresTestDatabase.get();
        var properties = new java.util.LinkedHashMap<>(topology.springProperties());
        properties.put("spring.datasource.url", withSchema(database.jdbcUrl()));
        properties.put("spring.datasource.username", database.username());
        properties.put("spring.datasource.password", database.password());
        properties.put("spring.flyway.schemas", "notification_it");
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", String.valueOf(TestMail.get().port()));
        properties.put("management.server.port", "0");
        // Short polls and shutdown waits so contexts stop in a second, not 20 s.
        properties.put("app.listeners.poll-timeout", "1s");
        properties.put("app.listeners.shutdown-timeout", "2s");
        properties.put("app.listeners.visibility.extend-every", "1s");
        properties.put("app.listeners.visibility.extend-to", "3s");
        properties.put("app.operations.password", OPS_PASSWORD);
        // The SNS HTTP endpoint trusts the test run's own CA, and reaches "SNS" through its tunnel.
        properties.put("app.sns-http.trust-anchors", TestSnsSigner.get().caPem());
        properties.put("app.sns-http.proxy", TestSnsSigner.get().proxy());
        return properties;
    }

    private static String withSchema(String jdbcUrl) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=notification_it";
    }
}

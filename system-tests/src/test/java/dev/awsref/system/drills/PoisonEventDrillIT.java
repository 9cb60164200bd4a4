package dev.awsref.system.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.platform.aws.EventMessageAttributes;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.events.OrderLine;
import dev.awsref.platform.events.OrderPlaced;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.system.support.Drill;
import dev.awsref.system.support.OperationsApi;
import dev.awsref.system.support.Orders;
import dev.awsref.system.support.RunningSystem;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A poison event on order-events, fixed and redriven. The event is a well-formed OrderPlaced, but
 * notification-service cannot handle it: the drill adds a constraint to the service's own table
 * that refuses this one event's idempotency claim, the kind of bad data (a half-applied migration,
 * a row an operator wrote by hand) that no retry fixes. Every receive fails, so the listener policy
 * dead-letters it on the model's last receive with the reason; the DLQ depth shows on the
 * {@code sqs.queue.messages.visible} meter (role=dlq) and in the operations API (the figure the
 * DLQ alarm watches on AWS); the queue keeps flowing meanwhile. Then the drill "fixes" the data
 * (drops the constraint) and redrives the DLQ through the operations API: the event is handled once,
 * its confirmation mailed once, and nothing is lost.
 */
class PoisonEventDrillIT {

    private static final String QUEUE = ReferenceTopology.NOTIFICATION_ORDER_EVENTS;
    private static final Pattern DLQ_DEPTH = Pattern.compile(
            "^sqs_queue_messages_visible\\{[^}]*queue=\"" + QUEUE + "\"[^}]*role=\"dlq\"[^}]*} (\\S+)$",
            Pattern.MULTILINE);

    private static RunningSystem system;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void theSystemRuns() {
        system = RunningSystem.get();
    }

    @Test
    void aPoisonEventReachesTheDlqShowsInTheDepthAndAfterTheFixARedriveHandlesItOnce() throws Exception {
        OperationsApi operations = system.notificationOperations();
        String poisonOrder = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        var event = EventEnvelope.of(
                "order-service",
                poisonOrder,
                new OrderPlaced(
                        poisonOrder,
                        "poison-drill-customer",
                        "EUR",
                        new BigDecimal("9.90"),
                        List.of(new OrderLine("drill-item", 1, new BigDecimal("9.90")))));
        String constraint = "poison_drill_" + poisonOrder.substring("poison-".length());

        try {
            refuseClaimsOf(event.id(), constraint);
            system.aws()
                    .sns()
                    .publish(r -> r.topicArn(system.topology().topicArn(ReferenceTopology.ORDER_EVENTS))
                            .message(new EventCodec().toJson(event))
                            .messageAttributes(EventMessageAttributes.of(event).toSns()));
            List<String> orders = Orders.placeBurst(system.orders(), "poison-drill", 5);

            // Five receives, 30 s of visibility apart, then the depth gauge's 30 s refresh.
            await("the DLQ depth on notification-service's sqs.queue.messages.visible meter (role=dlq) at 1 or more")
                    .atMost(Duration.ofSeconds(360))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> deadLetterDepthMeter() >= 1);
            // Read before anything receives from the DLQ: fauxqs counts a message received with
            // visibility 0 (the operations API's peek) as in flight until the next receive.
            assertThat(operations.deadLetterDepth(QUEUE))
                    .as("the DLQ depth the operations API reports (ApproximateNumberOfMessagesVisible)")
                    .isGreaterThanOrEqualTo(1);
            await("the poison event in the DLQ, with the reason it failed")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> deadLettered(operations, poisonOrder));
            await("the orders after the poison event still confirmed")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> Orders.confirmed(system.mailbox()).containsAll(orders));
            assertThat(Orders.confirmed(system.mailbox())).doesNotContain(poisonOrder);

            // The fix: the data the handler needed is put right. Then the redrive.
            dropConstraint(constraint);
            JsonNode redrive = operations.redrive(QUEUE);
            assertThat(redrive.path("moved").asInt(0)
                            + (redrive.path("taskHandle").isString() ? 1 : 0))
                    .as("redrive " + redrive)
                    .isPositive();

            await("the redriven event handled: its confirmation mailed")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> Orders.confirmed(system.mailbox()).contains(poisonOrder));
            assertThat(Orders.confirmationsOf(system.mailbox(), List.of(poisonOrder)))
                    .as("confirmation emails for the redriven order")
                    .isEqualTo(1);
            assertThat(claimsOf(event.id()))
                    .as("idempotency claims of the redriven event")
                    .isEqualTo(1);
            assertThat(deadLettered(operations, poisonOrder))
                    .as("the event still in the DLQ")
                    .isFalse();

            var seen = new HashSet<>(Orders.confirmed(system.mailbox()));
            var injected = new ArrayList<>(orders);
            injected.add(poisonOrder);
            var drill =
                    Drill.of("poison-event-dlq-fix-and-redrive", injected, seen).print();
            assertThat(drill.lost()).isZero();
        } finally {
            dropConstraint(constraint);
        }
    }

    /** What the drill breaks: the one event's claim row is refused by the service's database. */
    private static void refuseClaimsOf(String eventId, String constraint) throws SQLException {
        try (Connection db = notificationsDatabase();
                var statement = db.createStatement()) {
            // NOT VALID: existing rows are not checked, only the inserts from now on.
            statement.execute("ALTER TABLE processed_notification ADD CONSTRAINT " + constraint
                    + " CHECK (event_id <> '" + eventId + "') NOT VALID");
        }
    }

    private static void dropConstraint(String constraint) throws SQLException {
        try (Connection db = notificationsDatabase();
                var statement = db.createStatement()) {
            statement.execute("ALTER TABLE processed_notification DROP CONSTRAINT IF EXISTS " + constraint);
        }
    }

    private static int claimsOf(String eventId) throws SQLException {
        try (Connection db = notificationsDatabase();
                var query = db.prepareStatement("SELECT count(*) FROM processed_notification WHERE event_id = ?")) {
            query.setString(1, eventId);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static Connection notificationsDatabase() throws SQLException {
        var database = system.notificationsDatabase();
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    /** The DLQ's depth as notification-service's Prometheus endpoint serves it; -1 before the first read. */
    private double deadLetterDepthMeter() throws Exception {
        URI prometheus = system.notificationService().managementUri().resolve("/actuator/prometheus");
        String body = http.send(HttpRequest.newBuilder(prometheus).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher depth = DLQ_DEPTH.matcher(body);
        return depth.find() ? Double.parseDouble(depth.group(1)) : -1;
    }

    private static boolean deadLettered(OperationsApi operations, String marker) {
        for (JsonNode letter : operations.deadLetters(QUEUE)) {
            if (letter.path("body").asString("").contains(marker)
                    && !letter.path("failureReason").asString("").isBlank()) {
                return true;
            }
        }
        return false;
    }
}

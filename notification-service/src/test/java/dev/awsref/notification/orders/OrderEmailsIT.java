package dev.awsref.notification.orders;

import static dev.awsref.platform.topology.ReferenceTopology.HIGH_VALUE_ORDERS;
import static dev.awsref.platform.topology.ReferenceTopology.NOTIFICATION_ORDER_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.notification.idempotency.ProcessedNotifications;
import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.OrderEvents;
import dev.awsref.notification.support.TestMail;
import dev.awsref.platform.events.EventCodec;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** Order events published to SNS order-events, as order-service publishes them, become emails. */
class OrderEmailsIT extends NotificationIntegrationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    ProcessedNotifications processed;

    @Test
    void anOrderPlacedProducesExactlyOneConfirmationEmail() {
        var order = OrderEvents.newOrder();
        var placed = order.placed("120.50");
        double sentBefore = handled(NOTIFICATION_ORDER_EVENTS, "OrderPlaced", "SENT");

        topology.publishOrderEvent(placed);

        await().atMost(PATIENCE).until(() -> handled(NOTIFICATION_ORDER_EVENTS, "OrderPlaced", "SENT") > sentBefore);
        assertThat(mail.to(order.customerAddress())).singleElement().satisfies(email -> {
            assertThat(TestMail.subject(email)).isEqualTo("Your order " + order.orderId() + " is confirmed");
            assertThat(TestMail.body(email)).contains("2 x sku-1 at 60.25 EUR").contains("Total: 120.50 EUR");
        });
        assertThat(processed.count(placed.id(), "ORDER_CONFIRMATION")).isEqualTo(1);
    }

    @Test
    void theSameEventPublishedTwiceProducesOneEmail() {
        var order = OrderEvents.newOrder();
        var placed = order.placed("80.00");
        double duplicatesBefore = handled(NOTIFICATION_ORDER_EVENTS, "OrderPlaced", "DUPLICATE");

        topology.publishOrderEvent(placed);
        topology.publishOrderEvent(placed);

        await().atMost(PATIENCE)
                .until(() -> handled(NOTIFICATION_ORDER_EVENTS, "OrderPlaced", "DUPLICATE") > duplicatesBefore);
        await().atMost(PATIENCE).until(() -> mail.to(order.customerAddress()).size() == 1);
        assertThat(mail.to(order.customerAddress())).hasSize(1);
    }

    @Test
    void anEventTypeTheSubscriptionFilterExcludesNeverReachesTheService() {
        var order = OrderEvents.newOrder();
        double paidBefore = handled(NOTIFICATION_ORDER_EVENTS, "OrderPaid", "NOTHING_TO_SEND");

        topology.publishOrderEvent(order.paid("99.00"));
        // Published after it to the same topic: once this one is mailed, SNS has long routed the first.
        topology.publishOrderEvent(order.cancelled("out of stock"));

        await().atMost(PATIENCE).until(() -> mail.to(order.customerAddress()).size() == 1);
        assertThat(TestMail.subject(mail.to(order.customerAddress()).getFirst()))
                .isEqualTo("Your order " + order.orderId() + " was cancelled");
        assertThat(handled(NOTIFICATION_ORDER_EVENTS, "OrderPaid", "NOTHING_TO_SEND"))
                .isEqualTo(paidBefore);
    }

    @Test
    void aHighValueOrderAlertsOperationsOnceAndStillConfirmsToTheCustomer() {
        var order = OrderEvents.newOrder();
        double alertsBefore = handled(HIGH_VALUE_ORDERS, "OrderPlaced", "SENT");

        topology.publishOrderEvent(order.placed("2500.00"));

        await().atMost(PATIENCE).until(() -> handled(HIGH_VALUE_ORDERS, "OrderPlaced", "SENT") > alertsBefore);
        assertThat(mail.to("operations@example.com"))
                .filteredOn(m -> TestMail.subject(m).contains(order.orderId()))
                .singleElement()
                .satisfies(alert -> assertThat(TestMail.subject(alert))
                        .isEqualTo("High-value order " + order.orderId() + ": 2500.00 EUR"));
        await().atMost(PATIENCE).until(() -> mail.to(order.customerAddress()).size() == 1);
    }

    @Test
    void aShippedOrderGetsItsTrackingLink() {
        var order = OrderEvents.newOrder();

        topology.publishOrderEvent(order.shipped("TRACK-123"));

        await().atMost(PATIENCE).until(() -> mail.to(order.customerAddress()).size() == 1);
        assertThat(TestMail.body(mail.to(order.customerAddress()).getFirst()))
                .contains("https://tracking.example.com/TRACK-123");
    }

    @Test
    void aMessageInTheSnsEnvelopeIsUnderstoodLikeARawOne() {
        var order = OrderEvents.newOrder();
        String event = new EventCodec().toJson(order.placed("10.00"));
        String envelope = JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of(
                        "Type", "Notification",
                        "MessageId", UUID.randomUUID().toString(),
                        "TopicArn", "arn:aws:sns:us-east-1:000000000000:order-events",
                        "Message", event,
                        "Timestamp", "2026-01-01T00:00:00.000Z",
                        "SignatureVersion", "1"));

        topology.send(NOTIFICATION_ORDER_EVENTS, envelope);

        await().atMost(PATIENCE).until(() -> mail.to(order.customerAddress()).size() == 1);
    }
}

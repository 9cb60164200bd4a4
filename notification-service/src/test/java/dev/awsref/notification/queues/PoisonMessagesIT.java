package dev.awsref.notification.queues;

import static dev.awsref.platform.topology.ReferenceTopology.NOTIFICATION_ORDER_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.defaults.listener.DeadLetterSender;
import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.OrderEvents;
import dev.awsref.platform.events.EventCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A message no retry can fix goes to the DLQ on its first receive, with the reason and where it
 * came from as message attributes, and the messages around it are processed meanwhile (the
 * platform's listener policy, service-defaults' DeadLetterPolicy).
 */
@ExtendWith(OutputCaptureExtension.class)
class PoisonMessagesIT extends NotificationIntegrationTest {

    private static final String DLQ = NOTIFICATION_ORDER_EVENTS + "-dlq";

    @Test
    void anUnparseableMessageGoesToTheDlqAtOnceWithItsReasonWithoutHoldingUpTheOthers(CapturedOutput output) {
        var before = OrderEvents.newOrder();
        var after = OrderEvents.newOrder();
        String marker = "poison-" + java.util.UUID.randomUUID();

        topology.publishOrderEvent(before.placed("10.00"));
        String poisonId = topology.send(NOTIFICATION_ORDER_EVENTS, "{\"not\": \"an event\", \"marker\": \"" + marker);
        topology.publishOrderEvent(after.placed("20.00"));

        await().atMost(Duration.ofSeconds(60))
                .until(() -> mail.to(before.customerAddress()).size() == 1
                        && mail.to(after.customerAddress()).size() == 1);

        var deadLetter = topology.awaitAndTake(DLQ, marker, Duration.ofSeconds(60));
        assertThat(deadLetter.attribute(DeadLetterSender.REASON)).startsWith("MalformedEventException");
        assertThat(deadLetter.attribute(DeadLetterSender.SOURCE))
                .isEqualTo(topology.prefix() + "-" + NOTIFICATION_ORDER_EVENTS + " after 1 receives");
        // Logged once, with its message id: a poison message is not received again.
        assertThat(output.getAll().split("Message " + poisonId + " on ", -1)).hasSize(2);
    }

    @Test
    void anEventOfAnUnknownSchemaVersionGoesToTheDlq() {
        var order = OrderEvents.newOrder();
        String v1 = new EventCodec().toJson(order.placed("30.00"));
        String v99 = v1.replace("\"schemaVersion\":1", "\"schemaVersion\":99");
        assertThat(v99).isNotEqualTo(v1);

        topology.publishOrderEventJson(v99, "OrderPlaced", 99);

        var deadLetter = topology.awaitAndTake(DLQ, order.orderId(), Duration.ofSeconds(60));
        assertThat(deadLetter.body()).contains("\"schemaVersion\":99");
        assertThat(deadLetter.attribute(DeadLetterSender.REASON)).contains("schemaVersion 99");
        // The event's own attributes travel with it, so a redrive publishes it as it came.
        assertThat(deadLetter.attribute("eventType")).isEqualTo("OrderPlaced");
        assertThat(mail.to(order.customerAddress())).isEmpty();
    }
}

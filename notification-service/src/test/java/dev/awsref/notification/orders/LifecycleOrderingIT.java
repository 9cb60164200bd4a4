package dev.awsref.notification.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.defaults.listener.DeadLetterSender;
import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.OrderEvents;
import dev.awsref.notification.support.TestMail;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.platform.topology.ReferenceTopology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The FIFO queue: one order's events are handled in the order order-service published them. */
class LifecycleOrderingIT extends NotificationIntegrationTest {

    @Autowired
    OrderLifecycleJournal journal;

    @Test
    void fiveLifecycleEventsOfOneOrderAreHandledInTheOrderTheyWerePublished() {
        var order = OrderEvents.newOrder();
        var other = OrderEvents.newOrder();
        List<EventEnvelope<?>> lifecycle = List.of(
                order.placed("300.00"),
                order.paid("150.00"),
                order.paid("150.00"),
                order.shipped("PARCEL-1"),
                order.shipped("PARCEL-2"));
        List<EventEnvelope<?>> otherLifecycle = List.of(other.placed("5.00"), other.cancelled("changed my mind"));

        // Two orders interleaved: two message groups, which the consumer may work on in parallel.
        for (int i = 0; i < lifecycle.size(); i++) {
            topology.publishLifecycleEvent(lifecycle.get(i));
            if (i < otherLifecycle.size()) {
                topology.publishLifecycleEvent(otherLifecycle.get(i));
            }
        }

        await().atMost(Duration.ofSeconds(60))
                .until(() -> journal.eventIds(order.orderId()).size() == 5);
        assertThat(journal.eventIds(order.orderId()))
                .containsExactlyElementsOf(
                        lifecycle.stream().map(EventEnvelope::id).toList());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> journal.eventIds(other.orderId()).size() == 2);
        assertThat(journal.eventIds(other.orderId()))
                .containsExactlyElementsOf(
                        otherLifecycle.stream().map(EventEnvelope::id).toList());

        // The customer's emails went out in the same order: confirmation first, then each parcel.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> mail.to(order.customerAddress()).size() == 3);
        assertThat(mail.to(order.customerAddress()))
                .extracting(TestMail::subject)
                .containsExactly(
                        "Your order " + order.orderId() + " is confirmed",
                        "Your order " + order.orderId() + " is on its way",
                        "Your order " + order.orderId() + " is on its way");
    }

    @Test
    void aPoisonEventHoldsUpOnlyItsOrderAndLeavesTheLineForTheFifoDeadLetterQueue() {
        var order = OrderEvents.newOrder();
        var other = OrderEvents.newOrder();
        var placed = order.placed("40.00");
        var unreadable = order.paid("40.00");
        var shipped = order.shipped("PARCEL-9");
        var otherPlaced = other.placed("7.00");

        topology.publishLifecycleEvent(placed);
        // Same order, a schemaVersion this service cannot read: poison in the middle of the group.
        topology.publishLifecycleJson(
                new EventCodec().toJson(unreadable).replace("\"schemaVersion\":1", "\"schemaVersion\":42"), unreadable);
        topology.publishLifecycleEvent(shipped);
        topology.publishLifecycleEvent(otherPlaced);

        // Another order's events are not held up by it.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> journal.eventIds(other.orderId()).size() == 1);
        // The listener policy moves the poison event to the FIFO DLQ at once, with the reason, and
        // the order continues behind it.
        var deadLetter = topology.awaitAndTake(
                ReferenceTopology.NOTIFICATION_ORDER_LIFECYCLE.replace(".fifo", "-dlq.fifo"),
                unreadable.id(),
                Duration.ofSeconds(120));
        assertThat(deadLetter.body()).contains("\"schemaVersion\":42");
        assertThat(deadLetter.attribute(DeadLetterSender.REASON)).contains("schemaVersion 42");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> journal.eventIds(order.orderId()).size() == 2);
        assertThat(journal.eventIds(order.orderId())).containsExactly(placed.id(), shipped.id());
    }
}

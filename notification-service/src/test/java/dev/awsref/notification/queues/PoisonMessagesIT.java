package dev.awsref.notification.queues;

import static dev.awsref.platform.topology.ReferenceTopology.MAX_RECEIVE_COUNT;
import static dev.awsref.platform.topology.ReferenceTopology.NOTIFICATION_ORDER_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.OrderEvents;
import dev.awsref.platform.events.EventCodec;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * A message no retry can fix goes to the DLQ after five receives, and the messages around it are
 * processed meanwhile. The test queues' visibility timeout is 2 s, so five receives take seconds.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoisonMessagesIT extends NotificationIntegrationTest {

    private static final String DLQ = NOTIFICATION_ORDER_EVENTS + "-dlq";

    @Test
    void anUnparseableMessageGoesToTheDlqAfterFiveReceivesWithoutHoldingUpTheOthers(CapturedOutput output) {
        var before = OrderEvents.newOrder();
        var after = OrderEvents.newOrder();
        String marker = "poison-" + java.util.UUID.randomUUID();

        topology.publishOrderEvent(before.placed("10.00"));
        String poisonId = topology.send(NOTIFICATION_ORDER_EVENTS, "{\"not\": \"an event\", \"marker\": \"" + marker);
        topology.publishOrderEvent(after.placed("20.00"));

        // The valid ones are mailed at once, while the poison message is still going round.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> mail.to(before.customerAddress()).size() == 1
                        && mail.to(after.customerAddress()).size() == 1);

        var deadLetter = topology.awaitAndTake(DLQ, marker, Duration.ofSeconds(90));
        assertThat(deadLetter.messageId()).isEqualTo(poisonId);
        assertThat(Integer.parseInt(deadLetter.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
                .isGreaterThanOrEqualTo(MAX_RECEIVE_COUNT);
        // Logged once, with its message id, though the service received it five times.
        assertThat(output.getAll().split("Poison message " + poisonId, -1)).hasSize(2);
    }

    @Test
    void anEventOfAnUnknownSchemaVersionGoesToTheDlq() {
        var order = OrderEvents.newOrder();
        String v1 = new EventCodec().toJson(order.placed("30.00"));
        String v99 = v1.replace("\"schemaVersion\":1", "\"schemaVersion\":99");
        assertThat(v99).isNotEqualTo(v1);

        topology.publishOrderEventJson(v99, "OrderPlaced", 99);

        var deadLetter = topology.awaitAndTake(DLQ, order.orderId(), Duration.ofSeconds(90));
        assertThat(deadLetter.body()).contains("\"schemaVersion\":99");
        assertThat(mail.to(order.customerAddress())).isEmpty();
    }
}

package dev.awsref.system.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.system.support.Drill;
import dev.awsref.system.support.OperationsApi;
import dev.awsref.system.support.Orders;
import dev.awsref.system.support.RunningSystem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import tools.jackson.databind.JsonNode;

/**
 * A poison event on order-events: it reaches notification-order-events' DLQ with its reason, the
 * DLQ depth the alarm watches shows it, the queue keeps flowing, and a redrive moves it back.
 */
class PoisonEventDrillIT {

    private static final String QUEUE = ReferenceTopology.NOTIFICATION_ORDER_EVENTS;

    private static RunningSystem system;

    @BeforeAll
    static void theSystemRuns() {
        system = RunningSystem.get();
    }

    @Test
    void aPoisonEventIsDeadLetteredWithItsReasonShowsInTheDepthDoesNotStallTheQueueAndRedrives() {
        OperationsApi operations = system.notificationOperations();
        String marker = "poison-" + UUID.randomUUID();
        system.aws()
                .sns()
                .publish(r -> r.topicArn(system.topology().topicArn(ReferenceTopology.ORDER_EVENTS))
                        .message("this is not an event: " + marker)
                        .messageAttributes(java.util.Map.of(
                                "eventType",
                                MessageAttributeValue.builder()
                                        .dataType("String")
                                        .stringValue("OrderPlaced")
                                        .build())));
        List<String> orders = Orders.placeBurst(system.orders(), "poison-drill", 5);

        // Read the depth before anything receives from the DLQ: fauxqs counts a message received
        // with visibility 0 (the operations API's peek) as in flight until the next receive.
        await("the DLQ depth (ApproximateNumberOfMessagesVisible, what the DLQ alarm watches) at 1 or more")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> operations.deadLetterDepth(QUEUE) >= 1);
        await("the poison event in the DLQ, with the reason it failed")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> deadLettered(operations, marker));
        await("the orders after the poison event still confirmed")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Orders.confirmed(system.mailbox()).containsAll(orders));

        JsonNode redrive = operations.redrive(QUEUE);
        assertThat(redrive.path("moved").asInt(0) + (redrive.path("taskHandle").isString() ? 1 : 0))
                .as("redrive " + redrive)
                .isPositive();
        // Still unreadable after the redrive: the listener policy dead-letters it again, at once.
        await("the redriven poison event back in the DLQ, not lost")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> deadLettered(operations, marker));

        var seen = new HashSet<>(Orders.confirmed(system.mailbox()));
        if (deadLettered(operations, marker)) {
            seen.add(marker);
        }
        var injected = new ArrayList<>(orders);
        injected.add(marker);
        var drill = Drill.of("poison-event-to-dlq-and-redrive", injected, seen).print();
        assertThat(drill.lost()).isZero();
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

package dev.awsref.system.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.system.support.Drill;
import dev.awsref.system.support.Orders;
import dev.awsref.system.support.SystemTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** notification-service stopped while orders flow, then started again. */
class NotificationServiceStoppedDrillIT extends SystemTest {

    private static final int BURST = 30;

    @AfterEach
    void notificationServiceRunsAgain() {
        system.notificationService().start();
        system.notificationService().awaitReady();
    }

    @Test
    void ordersPlacedWhileNotificationServiceIsDownAreEachConfirmedExactlyOnceAfterItRestarts() {
        List<String> before = Orders.placeBurst(system.orders(), "notify-drill", BURST / 3);
        system.notificationService().stop();
        List<String> during = Orders.placeBurst(system.orders(), "notify-drill", BURST - before.size());
        assertThat(Orders.confirmed(system.mailbox()))
                .as("nobody mails while notification-service is down")
                .doesNotContainAnyElementsOf(during);

        system.notificationService().start();
        system.notificationService().awaitReady();

        var placed = new java.util.ArrayList<>(before);
        placed.addAll(during);
        await("a confirmation for every order, those placed during the stop included")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Orders.confirmed(system.mailbox()).containsAll(placed));
        var drill = Drill.of("notification-service-stopped", placed, Orders.confirmed(system.mailbox()))
                .print();
        assertThat(drill.lost()).isZero();
        assertThat(Orders.confirmationsOf(system.mailbox(), placed))
                .as("no duplicate email after the restart")
                .isEqualTo(placed.size());
    }
}

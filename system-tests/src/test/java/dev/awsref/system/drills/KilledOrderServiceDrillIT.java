package dev.awsref.system.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.system.support.Drill;
import dev.awsref.system.support.Orders;
import dev.awsref.system.support.SystemTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * order-service killed with SIGKILL in the middle of a burst, then started again: every order it
 * accepted (201) before it died is confirmed, because the order and its event were committed in
 * one transaction and the relay publishes what is left after the restart.
 */
class KilledOrderServiceDrillIT extends SystemTest {

    private static final int BURST = 40;
    private static final int KILL_AFTER = 15;

    @AfterEach
    void orderServiceRunsAgain() {
        system.orderService().start();
        system.orderService().awaitReady();
    }

    @Test
    void everyOrderAcceptedBeforeAKillDashNineIsConfirmedOnceAfterTheRestart() throws Exception {
        List<String> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        Thread burst = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < BURST; i++) {
                String customer = "kill-drill-" + UUID.randomUUID().toString().substring(0, 8);
                try {
                    var placed = system.orders().place(customer, "drill-item", 1, new BigDecimal("9.90"));
                    if (placed.status() == 201) {
                        accepted.add(placed.json().get("id").asString());
                    } else {
                        refused.incrementAndGet();
                    }
                } catch (RuntimeException connectionLost) {
                    refused.incrementAndGet();
                }
            }
        });
        await("the burst under way").atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= KILL_AFTER);
        system.orderService().kill();
        burst.join();

        system.orderService().start();
        system.orderService().awaitReady();

        await("a confirmation for every order accepted before the kill")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Orders.confirmed(system.mailbox()).containsAll(accepted));
        var drill = Drill.of("order-service-kill-9-mid-burst", accepted, Orders.confirmed(system.mailbox()))
                .print();
        System.out.println("  (" + refused.get() + " POSTs of the burst failed while order-service was down)");
        assertThat(drill.lost()).isZero();
        assertThat(Orders.confirmationsOf(system.mailbox(), accepted))
                .as("one confirmation per accepted order")
                .isEqualTo(accepted.size());
    }
}

package dev.awsref.system.drills;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.system.support.Drill;
import dev.awsref.system.support.Orders;
import dev.awsref.system.support.SystemTest;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SNS unreachable during a burst of orders: order-service's only path to SNS goes through a TCP
 * gate, which the drill cuts (live connections included) and opens again.
 */
class SnsOutageDrillIT extends SystemTest {

    private static final int BURST = 30;

    @AfterEach
    void snsIsReachableAgain() throws Exception {
        system.snsGate().open();
    }

    @Test
    void ordersPlacedWhileSnsIsUnreachableAreAllAcceptedAndAllConfirmedOnceItIsBack() throws Exception {
        system.snsGate().cut();

        List<String> placed = Orders.placeBurst(system.orders(), "sns-drill", BURST);

        await("the relay trying and failing to publish the burst")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> failedAttemptsPendingFor(placed) >= 1);
        assertThat(Orders.confirmed(system.mailbox()))
                .as("no email while SNS is unreachable")
                .doesNotContainAnyElementsOf(placed);

        system.snsGate().open();

        await("a confirmation for every order of the burst")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Orders.confirmed(system.mailbox()).containsAll(placed));
        var drill = Drill.of("sns-unreachable-during-burst", placed, Orders.confirmed(system.mailbox()))
                .print();
        assertThat(drill.lost()).isZero();
        assertThat(Orders.confirmationsOf(system.mailbox(), placed))
                .as("one confirmation per order")
                .isEqualTo(BURST);
    }

    /** Outbox rows of these orders still unsent after at least one failed publish. */
    private static long failedAttemptsPendingFor(List<String> orderIds) throws Exception {
        var db = system.ordersDatabase();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                var statement = connection.prepareStatement("SELECT count(*) FROM outbox"
                        + " WHERE sent_at IS NULL AND attempts > 0 AND aggregate_id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("varchar", orderIds.toArray()));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

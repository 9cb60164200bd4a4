package dev.awsref.order.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.platform.events.OrderCancelled;
import dev.awsref.platform.events.OrderPaid;
import dev.awsref.platform.events.OrderPlaced;
import dev.awsref.platform.events.OrderShipped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static Order placed() {
        return Order.place(
                        UUID.randomUUID(),
                        "alice",
                        "EUR",
                        List.of(
                                new OrderLine("sku-1", 2, new BigDecimal("10.50")),
                                new OrderLine("sku-2", 1, new BigDecimal("4.00"))),
                        NOW)
                .order();
    }

    @Test
    void placingAnOrderTotalsItsLinesAndSaysOrderPlaced() {
        var change = Order.place(
                UUID.randomUUID(), "alice", "EUR", List.of(new OrderLine("sku-1", 3, new BigDecimal("2.50"))), NOW);
        assertThat(change.order().status()).isEqualTo(OrderStatus.PLACED);
        assertThat(change.order().total()).isEqualByComparingTo("7.50");
        assertThat(change.event()).isInstanceOf(OrderPlaced.class);
        assertThat(((OrderPlaced) change.event()).total()).isEqualByComparingTo("7.50");
    }

    @Test
    void aPlacedOrderIsPaidThenShippedAndEachStepRaisesTheVersion() {
        var paid = placed().pay(NOW);
        assertThat(paid.order().status()).isEqualTo(OrderStatus.PAID);
        assertThat(paid.event()).isInstanceOf(OrderPaid.class);
        var shipped = paid.order().ship("DHL", "T-1", NOW);
        assertThat(shipped.order().status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(shipped.order().version()).isEqualTo(2);
        assertThat(shipped.event()).isInstanceOf(OrderShipped.class);
    }

    @Test
    void placedAndPaidOrdersCanBeCancelled() {
        assertThat(placed().cancel("changed my mind", NOW).event()).isInstanceOf(OrderCancelled.class);
        assertThat(placed().pay(NOW).order().cancel("out of stock", NOW).order().status())
                .isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void shippingAPlacedOrderOrChangingAShippedOrCancelledOneIsIllegal() {
        assertThatThrownBy(() -> placed().ship("DHL", "T-1", NOW))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining("PLACED cannot become SHIPPED");
        var shipped = placed().pay(NOW).order().ship("DHL", "T-1", NOW).order();
        assertThatThrownBy(() -> shipped.cancel("too late", NOW)).isInstanceOf(IllegalTransitionException.class);
        var cancelled = placed().cancel("no", NOW).order();
        assertThatThrownBy(() -> cancelled.pay(NOW)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void theStateMachineHasNoWayBack() {
        for (OrderStatus status : OrderStatus.values()) {
            assertThat(status.canMoveTo(status)).as(status.name()).isFalse();
            assertThat(status.canMoveTo(OrderStatus.PLACED)).as(status.name()).isFalse();
        }
    }
}

package dev.awsref.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventDataTest {

    private static final OrderLine LINE = new OrderLine("sku-1", 1, BigDecimal.TEN);
    private static final Instant WHEN = Instant.parse("2026-03-14T09:00:00Z");

    @Test
    void anOrderCannotBePlacedWithoutLines() {
        assertThatThrownBy(() -> new OrderPlaced("ord-1", "cust-1", "EUR", BigDecimal.TEN, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lines must not be empty");
    }

    @Test
    void aPlacedOrderKeepsItsOwnCopyOfTheLines() {
        var lines = new ArrayList<>(List.of(LINE));
        var order = new OrderPlaced("ord-1", "cust-1", "EUR", BigDecimal.TEN, lines);

        lines.clear();

        assertThat(order.lines()).containsExactly(LINE);
    }

    @Test
    void amountsMustNotBeNegative() {
        assertThatThrownBy(() -> new OrderPaid("ord-1", "cust-1", new BigDecimal("-0.01"), "EUR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount must not be negative but was -0.01");
    }

    @Test
    void anOrderLineHasAtLeastOneUnit() {
        assertThatThrownBy(() -> new OrderLine("sku-1", 0, BigDecimal.TEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("quantity must be at least 1 but was 0");
    }

    @Test
    void identifiersMustNotBeBlank() {
        assertThatThrownBy(() -> new OrderShipped("ord-1", "cust-1", "DHL", " "))
                .hasMessage("trackingNumber must not be blank");
        assertThatThrownBy(() -> new OrderCancelled(null, "cust-1", "changed my mind"))
                .hasMessage("orderId must not be null");
    }

    @Test
    void activityWithoutPropertiesHasAnEmptyMap() {
        var activity = new UserActivity("user-1", ActivityType.PAGE_VIEW, "sku-1", WHEN, null);

        assertThat(activity.properties()).isEmpty();
    }

    @Test
    void activityKeepsItsPropertiesInOrderAndUnmodifiable() {
        var properties = new LinkedHashMap<String, String>();
        properties.put("b", "2");
        properties.put("a", "1");

        var activity = new UserActivity("user-1", ActivityType.SEARCH, null, WHEN, properties);
        properties.clear();

        assertThat(activity.properties()).containsExactly(Map.entry("b", "2"), Map.entry("a", "1"));
        assertThatThrownBy(() -> activity.properties().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void activityRejectsANullPropertyValueNamingTheKey() {
        var properties = new HashMap<String, String>();
        properties.put("query", null);

        assertThatThrownBy(() -> new UserActivity("user-1", ActivityType.SEARCH, null, WHEN, properties))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("properties['query'] must not be null");
    }
}

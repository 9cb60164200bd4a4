package dev.awsref.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

class EventTypeTest {

    @Test
    void registersEveryEventDataRecord() {
        assertThat(Arrays.stream(EventType.values()).<Class<?>>map(EventType::dataClass))
                .containsExactlyInAnyOrder(EventData.class.getPermittedSubclasses());
    }

    @Test
    void usesTheDocumentedWireNames() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::typeName))
                .containsExactly("OrderPlaced", "OrderPaid", "OrderShipped", "OrderCancelled", "UserActivity");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void looksUpEveryTypeByNameAndByDataClass(EventType type) {
        assertThat(EventType.named(type.typeName())).isSameAs(type);
        assertThat(EventType.find(type.typeName())).contains(type);
        assertThat(EventType.of(type.dataClass())).isSameAs(type);
        assertThat(EventType.of(EventSamples.sampleOf(type))).isSameAs(type);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void readsVersionOneOfEveryTypeForNow(EventType type) {
        assertThat(type.currentVersion()).isEqualTo(1);
        assertThat(type.readableVersions()).containsExactly(1);
        assertThat(type.canRead(1)).isTrue();
        assertThat(type.canRead(2)).isFalse();
    }

    @Test
    void rejectsAnUnknownNameListingTheKnownOnes() {
        assertThatThrownBy(() -> EventType.named("orderplaced"))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessage("unknown event type 'orderplaced'; known: "
                        + "OrderPlaced, OrderPaid, OrderShipped, OrderCancelled, UserActivity");
        assertThat(EventType.find("orderplaced")).isEmpty();
        assertThat(EventType.find(String.class)).isEmpty();
    }

    /** The shape v1 of a hypothetical OrderPlaced v2 would keep: a plain record, not an EventData. */
    record OrderPlacedV1(String orderId, String customerId, BigDecimal total) {
        OrderPlaced toCurrent() {
            return new OrderPlaced(orderId, customerId, "EUR", total, List.of(new OrderLine("unknown", 1, total)));
        }
    }

    @Test
    void anOlderVersionIsReadIntoItsOwnRecordAndLiftedToTheCurrentOne() {
        var reader = EventType.VersionReader.upcasting(1, OrderPlacedV1.class, OrderPlacedV1::toCurrent);
        Object wire = JsonMapper.builder()
                .build()
                .readValue("{\"orderId\":\"ord-1\",\"customerId\":\"cust-1\",\"total\":10}", reader.wireClass());

        EventData current = reader.read(wire);

        assertThat(current).isInstanceOf(OrderPlaced.class);
        assertThat(((OrderPlaced) current).currency()).isEqualTo("EUR");
    }

    @Test
    void messageAttributesUseTheNamesSubscriptionFiltersMatchOn() {
        assertThat(MessageAttributeNames.EVENT_TYPE).isEqualTo("eventType");
        assertThat(MessageAttributeNames.SCHEMA_VERSION).isEqualTo("schemaVersion");
        assertThat(MessageAttributeNames.TRACEPARENT).isEqualTo("traceparent");
    }
}

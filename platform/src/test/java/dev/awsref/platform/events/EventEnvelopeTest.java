package dev.awsref.platform.events;

import static dev.awsref.platform.events.EventSamples.CLOCK;
import static dev.awsref.platform.events.EventSamples.NOW;
import static dev.awsref.platform.events.EventSamples.orderPlaced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventEnvelopeTest {

    private static final String ID = "7f1d7c1e-3b8a-4c55-9d0e-2a4c6f1b9e01";

    @Test
    void ofFillsIdTimeTypeAndVersionFromTheDataRegistration() {
        EventEnvelope<OrderPlaced> envelope = EventEnvelope.of("order-service", "ord-1001", orderPlaced(), CLOCK);

        assertThat(envelope.specversion()).isEqualTo("1.0");
        assertThat(UUID.fromString(envelope.id()).version()).isEqualTo(4);
        assertThat(envelope.type()).isEqualTo("OrderPlaced");
        assertThat(envelope.source()).isEqualTo("order-service");
        assertThat(envelope.time()).isEqualTo(NOW);
        assertThat(envelope.subject()).isEqualTo("ord-1001");
        assertThat(envelope.datacontenttype()).isEqualTo("application/json");
        assertThat(envelope.schemaVersion()).isEqualTo(EventType.ORDER_PLACED.currentVersion());
        assertThat(envelope.data()).isEqualTo(orderPlaced());
    }

    @Test
    void ofGivesEveryEventItsOwnIdSoRedeliveriesCanBeToldFromNewEvents() {
        var first = EventEnvelope.of("order-service", "ord-1001", orderPlaced());
        var second = EventEnvelope.of("order-service", "ord-1001", orderPlaced());

        assertThat(first.id()).isNotEqualTo(second.id());
    }

    @Test
    void ofKeepsMillisecondsSoTheTimeSurvivesAnyConsumersDateParser() {
        var clock = Clock.fixed(Instant.parse("2026-03-14T09:26:53.589793238Z"), ZoneOffset.UTC);

        var envelope = EventEnvelope.of("order-service", "ord-1001", orderPlaced(), clock);

        assertThat(envelope.time()).isEqualTo(Instant.parse("2026-03-14T09:26:53.589Z"));
    }

    static Stream<Arguments> missingOrBlankFields() {
        OrderPlaced data = orderPlaced();
        return Stream.of(
                Arguments.of("specversion", (Runnable)
                        () -> new EventEnvelope<>(null, ID, "OrderPlaced", "s", NOW, "o", "application/json", 1, data)),
                Arguments.of("id", (Runnable) () ->
                        new EventEnvelope<>("1.0", " ", "OrderPlaced", "s", NOW, "o", "application/json", 1, data)),
                Arguments.of("type", (Runnable)
                        () -> new EventEnvelope<>("1.0", ID, null, "s", NOW, "o", "application/json", 1, data)),
                Arguments.of("source", (Runnable)
                        () -> new EventEnvelope<>("1.0", ID, "OrderPlaced", "", NOW, "o", "application/json", 1, data)),
                Arguments.of("time", (Runnable) () ->
                        new EventEnvelope<>("1.0", ID, "OrderPlaced", "s", null, "o", "application/json", 1, data)),
                Arguments.of("subject", (Runnable) () ->
                        new EventEnvelope<>("1.0", ID, "OrderPlaced", "s", NOW, "\t", "application/json", 1, data)),
                Arguments.of("datacontenttype", (Runnable)
                        () -> new EventEnvelope<>("1.0", ID, "OrderPlaced", "s", NOW, "o", null, 1, data)),
                Arguments.of("data", (Runnable) () ->
                        new EventEnvelope<>("1.0", ID, "OrderPlaced", "s", NOW, "o", "application/json", 1, null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingOrBlankFields")
    void rejectsAMissingOrBlankFieldNamingIt(String field, Runnable construction) {
        assertThatThrownBy(construction::run)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field + " must not be ");
    }

    @Test
    void rejectsAnIdThatIsNotAUuidBecauseItIsTheIdempotencyKey() {
        assertThatThrownBy(() -> new EventEnvelope<>(
                        "1.0", "1-1-1-1-1", "OrderPlaced", "s", NOW, "o", "application/json", 1, orderPlaced()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("id must be a UUID but was '1-1-1-1-1'");
    }

    @Test
    void rejectsATypeThatDoesNotMatchTheData() {
        assertThatThrownBy(() -> new EventEnvelope<>(
                        "1.0", ID, "OrderPaid", "s", NOW, "o", "application/json", 1, orderPlaced()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("type 'OrderPaid' does not match data of type OrderPlaced");
    }

    @Test
    void rejectsASchemaVersionOtherThanTheDataRecordsCurrentOne() {
        assertThatThrownBy(() -> new EventEnvelope<>(
                        "1.0", ID, "OrderPlaced", "s", NOW, "o", "application/json", 2, orderPlaced()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schemaVersion 2 does not match OrderPlaced's current version 1");
    }

    @Test
    void rejectsAContentTypeOtherThanJson() {
        assertThatThrownBy(() -> new EventEnvelope<>(
                        "1.0", ID, "OrderPlaced", "s", NOW, "o", "application/xml", 1, orderPlaced()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("datacontenttype must be \"application/json\" but was \"application/xml\"");
    }
}

package dev.awsref.platform.events;

import static dev.awsref.platform.events.EventSamples.NOW;
import static dev.awsref.platform.events.EventSamples.envelopeOf;
import static dev.awsref.platform.events.EventSamples.orderPlaced;
import static dev.awsref.platform.events.EventSamples.sampleOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventCodecTest {

    private static final String ID = "7f1d7c1e-3b8a-4c55-9d0e-2a4c6f1b9e01";

    // The contract as another team (or language) would read it: if this changes, consumers break.
    private static final String ORDER_PLACED_JSON = """
            {"specversion":"1.0","id":"7f1d7c1e-3b8a-4c55-9d0e-2a4c6f1b9e01","type":"OrderPlaced",\
            "source":"order-service","time":"2026-03-14T09:26:53.589Z","subject":"ord-1001",\
            "datacontenttype":"application/json","schemaVersion":1,\
            "data":{"orderId":"ord-1001","customerId":"cust-42","currency":"EUR","total":1249.90,\
            "lines":[{"productId":"sku-keyboard","quantity":1,"unitPrice":149.90},\
            {"productId":"sku-monitor","quantity":2,"unitPrice":550.00}]}}""";

    private final EventCodec codec = new EventCodec();
    // Floats as BigDecimal, or the tree would turn 1249.90 into 1249.9 when a test edits the JSON.
    private final JsonMapper plainMapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    @Test
    void anOrderPlacedRoundTripsThroughJson() {
        EventEnvelope<OrderPlaced> sent = envelopeOf(orderPlaced());

        EventEnvelope<?> received = codec.fromJson(codec.toJson(sent));

        assertThat(received).isEqualTo(sent);
        assertThat(received.data()).isInstanceOf(OrderPlaced.class);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeRoundTripsThroughJson(EventType eventType) {
        EventEnvelope<?> sent = envelopeOf(sampleOf(eventType));

        String json = codec.toJson(sent);

        assertThat(codec.fromJson(json)).isEqualTo(sent);
        assertThat(codec.fromJson(json, eventType.dataClass())).isEqualTo(sent);
        assertThat(tree(json).get("type").stringValue()).isEqualTo(eventType.typeName());
    }

    @Test
    void writesExactlyTheDocumentedJson() {
        var envelope = new EventEnvelope<>(
                "1.0", ID, "OrderPlaced", "order-service", NOW, "ord-1001", "application/json", 1, orderPlaced());

        assertThat(codec.toJson(envelope)).isEqualTo(ORDER_PLACED_JSON);
    }

    @Test
    void readsTheDocumentedJson() {
        EventEnvelope<OrderPlaced> envelope = codec.fromJson(ORDER_PLACED_JSON, OrderPlaced.class);

        assertThat(envelope.id()).isEqualTo(ID);
        assertThat(envelope.time()).isEqualTo(NOW);
        assertThat(envelope.data()).isEqualTo(orderPlaced());
    }

    @Test
    void namesTheEventByTypeNeverByJavaClass() {
        String json = codec.toJson(envelopeOf(sampleOf(EventType.ORDER_SHIPPED)));

        assertThat(json).doesNotContain("dev.awsref", "@class", "@type");
        assertThat(tree(json).propertyNames())
                .containsExactly(
                        "specversion",
                        "id",
                        "type",
                        "source",
                        "time",
                        "subject",
                        "datacontenttype",
                        "schemaVersion",
                        "data");
    }

    @Test
    void writesTheOrderTotalAsAJsonNumberSoBodyFiltersCanCompareIt() {
        var order = new OrderPlaced(
                "ord-1", "cust-1", "EUR", new BigDecimal("1E+3"), List.of(new OrderLine("sku", 1, BigDecimal.TEN)));

        String json = codec.toJson(envelopeOf(order));

        JsonNode total = tree(json).get("data").get("total");
        assertThat(total.isNumber()).as("total is a JSON number").isTrue();
        assertThat(json).contains("\"total\":1000,").doesNotContain("E+");
    }

    @Test
    void keepsEveryDigitAndTheScaleOfAmounts() {
        var order = new OrderPlaced(
                "ord-1",
                "cust-1",
                "EUR",
                new BigDecimal("12345678901234567.10"),
                List.of(new OrderLine("sku", 1, new BigDecimal("0.10"))));

        OrderPlaced read = codec.fromJson(codec.toJson(envelopeOf(order)), OrderPlaced.class)
                .data();

        assertThat(read.total()).isEqualTo(new BigDecimal("12345678901234567.10"));
        assertThat(read.lines().getFirst().unitPrice()).isEqualTo(new BigDecimal("0.10"));
    }

    @Test
    void writesTimesAsIso8601StringsAndActivityTypesByName() {
        JsonNode json = tree(codec.toJson(envelopeOf(sampleOf(EventType.USER_ACTIVITY))));

        assertThat(json.get("time").stringValue()).isEqualTo("2026-03-14T09:26:53.589Z");
        assertThat(json.get("data").get("occurredAt").stringValue()).isEqualTo("2026-03-14T09:26:50.100Z");
        assertThat(json.get("data").get("activityType").stringValue()).isEqualTo("SEARCH");
    }

    @Test
    void carriesTheTraceContextAsTheCloudEventsTracingExtensionWhichReadersIgnore() {
        EventEnvelope<?> sent = envelopeOf(sampleOf(EventType.USER_ACTIVITY));
        var context = Map.of(
                "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "tracestate", "vendor=opaque",
                "baggage", "not-a-tracing-extension-field");

        String json = codec.toJson(sent, context);

        assertThat(tree(json).get("traceparent").stringValue())
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(codec.traceContextOf(json))
                .containsOnly(
                        Map.entry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                        Map.entry("tracestate", "vendor=opaque"));
        assertThat(codec.fromJson(json)).isEqualTo(sent);
    }

    @Test
    void findsNoTraceContextInARecordThatIsNoEventRatherThanFailing() {
        assertThat(codec.traceContextOf("not json {")).isEmpty();
        assertThat(codec.traceContextOf("[1, 2]")).isEmpty();
        assertThat(codec.traceContextOf(codec.toJson(envelopeOf(orderPlaced()))))
                .isEmpty();
    }

    @Test
    void parsedOnceGivesTheTraceContextAndTheEnvelopeAsReadingTheTextTwiceWould() {
        EventEnvelope<?> sent = envelopeOf(sampleOf(EventType.USER_ACTIVITY));
        String json =
                codec.toJson(sent, Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));

        EventCodec.Parsed parsed = codec.parse(json);

        assertThat(parsed.traceContext()).isEqualTo(codec.traceContextOf(json));
        assertThat(parsed.envelope(UserActivity.class)).isEqualTo(sent);
        assertThat(parsed.envelope(UserActivity.class)).isEqualTo(codec.fromJson(json, UserActivity.class));
        assertThatThrownBy(() -> parsed.envelope(OrderPlaced.class)).isInstanceOf(UnexpectedEventTypeException.class);
    }

    @Test
    void aParsedTextThatIsNoEventHasNoTraceContextAndFailsEachTimeItsEnvelopeIsAskedFor() {
        EventCodec.Parsed parsed = codec.parse("not json {");

        assertThat(parsed.traceContext()).isEmpty();
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> parsed.envelope(UserActivity.class))
                    .isInstanceOf(MalformedEventException.class)
                    .hasMessageStartingWith("event is not valid JSON");
        }
        assertThatThrownBy(() -> codec.parse("[1, 2]").envelope(UserActivity.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("event is not a JSON object but array");
    }

    @Test
    void ignoresUnknownPropertiesWithinAVersion() {
        ObjectNode json = (ObjectNode) tree(ORDER_PLACED_JSON);
        json.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        ((ObjectNode) json.get("data")).put("couponCode", "SPRING26");
        ((ObjectNode) json.get("data").get("lines").get(0)).put("giftWrap", true);

        EventEnvelope<?> envelope = codec.fromJson(json.toString());

        assertThat(envelope.data()).isEqualTo(orderPlaced());
    }

    @Test
    void rejectsAnUnknownSchemaVersionNamingTheTypeAndSupportedVersions() {
        String json = with(ORDER_PLACED_JSON, "schemaVersion", 7);

        assertThatThrownBy(() -> codec.fromJson(json))
                .isInstanceOf(UnsupportedEventVersionException.class)
                .hasMessage("event type OrderPlaced schemaVersion 7 is not supported by this reader (supported: [1]);"
                        + " deploy a reader that knows it or route the message to the DLQ")
                .asInstanceOf(type(UnsupportedEventVersionException.class))
                .satisfies(e -> {
                    assertThat(e.typeName()).isEqualTo("OrderPlaced");
                    assertThat(e.version()).isEqualTo(7);
                    assertThat(e.supportedVersions()).containsExactly(1);
                });
    }

    @Test
    void rejectsAnUnknownEventTypeListingTheKnownOnes() {
        String json = with(ORDER_PLACED_JSON, "type", "OrderRefunded");

        assertThatThrownBy(() -> codec.fromJson(json))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessage("unknown event type 'OrderRefunded'; known: "
                        + "OrderPlaced, OrderPaid, OrderShipped, OrderCancelled, UserActivity");
    }

    @Test
    void rejectsAnEnvelopeWithoutAnId() {
        ObjectNode json = (ObjectNode) tree(ORDER_PLACED_JSON);
        json.remove("id");

        assertThatThrownBy(() -> codec.fromJson(json.toString()))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("event envelope field 'id' is missing")
                .asInstanceOf(type(MalformedEventException.class))
                .satisfies(e -> assertThat(e.field()).contains("id"));
    }

    @Test
    void rejectsAnEnvelopeWhoseIdIsNotAUuid() {
        assertThatThrownBy(() -> codec.fromJson(with(ORDER_PLACED_JSON, "id", "order-1001-placed")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("invalid event envelope: id must be a UUID but was 'order-1001-placed'");
    }

    @Test
    void rejectsAnotherCloudEventsSpecVersion() {
        assertThatThrownBy(() -> codec.fromJson(with(ORDER_PLACED_JSON, "specversion", "0.3")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("invalid event envelope: specversion must be \"1.0\" but was \"0.3\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "not json",
                "{\"type\":\"OrderPlaced\"",
                "[1,2,3]",
                "\"OrderPlaced\"",
                "42",
                "null",
                "{\"hello\":\"world\"}",
                "{} trailing"
            })
    void rejectsJsonThatIsNotAnEvent(String notAnEvent) {
        assertThatThrownBy(() -> codec.fromJson(notAnEvent))
                .isInstanceOf(MalformedEventException.class)
                .message()
                .doesNotContain("\n", "[Source:")
                .startsWith("event ");
    }

    @Test
    void listsEveryMissingEnvelopeField() {
        assertThatThrownBy(() -> codec.fromJson("{\"hello\":\"world\"}"))
                .hasMessage("event envelope fields [specversion, id, type, source, time, subject, datacontenttype,"
                        + " schemaVersion, data] are missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "1.5", "99999999999", "true"})
    void rejectsASchemaVersionThatIsNotAnInteger(String version) {
        String json = ORDER_PLACED_JSON.replace("\"schemaVersion\":1", "\"schemaVersion\":" + version);

        assertThatThrownBy(() -> codec.fromJson(json))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("event envelope field 'schemaVersion' must be an integer but was " + version);
    }

    @Test
    void rejectsAnUnparseableTimeNamingTheField() {
        assertThatThrownBy(() -> codec.fromJson(with(ORDER_PLACED_JSON, "time", "yesterday")))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event field 'time' is invalid: ")
                .asInstanceOf(type(MalformedEventException.class))
                .satisfies(e -> assertThat(e.field()).contains("time"));
    }

    @Test
    void rejectsDataWithAMissingQuantityNamingTheField() {
        String json = ORDER_PLACED_JSON.replace("\"quantity\":2,", "");

        assertThatThrownBy(() -> codec.fromJson(json))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event field 'data.lines[1].quantity' is invalid: ")
                .asInstanceOf(type(MalformedEventException.class))
                .satisfies(e -> assertThat(e.field()).contains("data.lines[1].quantity"));
    }

    @Test
    void rejectsATotalThatIsNotANumberNamingTheField() {
        String json = ORDER_PLACED_JSON.replace("\"total\":1249.90", "\"total\":\"a lot\"");

        assertThatThrownBy(() -> codec.fromJson(json))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event field 'data.total' is invalid: ");
    }

    @Test
    void rejectsDataThatBreaksTheRecordsOwnRulesInItsWords() {
        String json = ORDER_PLACED_JSON.replace("\"productId\":\"sku-monitor\"", "\"productId\":\" \"");

        assertThatThrownBy(() -> codec.fromJson(json))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("event field 'data.lines[1]' is invalid: productId must not be blank");
    }

    @Test
    void rejectsDataMissingARequiredField() {
        String json = ORDER_PLACED_JSON.replace("\"customerId\":\"cust-42\",", "");

        assertThatThrownBy(() -> codec.fromJson(json))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("event field 'data' is invalid: customerId must not be null");
    }

    @Test
    void rejectsAnActivityTypeThisReaderDoesNotKnow() {
        String json =
                codec.toJson(envelopeOf(sampleOf(EventType.USER_ACTIVITY))).replace("\"SEARCH\"", "\"WISHLIST_ADD\"");

        assertThatThrownBy(() -> codec.fromJson(json))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageStartingWith("event field 'data.activityType' is invalid: ");
    }

    @Test
    void readsTheExpectedTypeWithoutACast() {
        BigDecimal total =
                codec.fromJson(ORDER_PLACED_JSON, OrderPlaced.class).data().total();

        assertThat(total).isEqualByComparingTo("1249.90");
    }

    @Test
    void acceptsAnyEventWhenAskedForEventData() {
        EventEnvelope<EventData> envelope = codec.fromJson(ORDER_PLACED_JSON, EventData.class);

        assertThat(envelope.data()).isInstanceOf(OrderPlaced.class);
    }

    @Test
    void rejectsAnEventOfAnotherTypeThanExpected() {
        assertThatThrownBy(() -> codec.fromJson(ORDER_PLACED_JSON, OrderPaid.class))
                .isInstanceOf(UnexpectedEventTypeException.class)
                .hasMessage("expected an event of type OrderPaid but got OrderPlaced");
    }

    @Test
    void everyReadErrorIsAnEventContractException() {
        assertThatThrownBy(() -> codec.fromJson("nope")).isInstanceOf(EventContractException.class);
        assertThatThrownBy(() -> codec.fromJson(with(ORDER_PLACED_JSON, "type", "X")))
                .isInstanceOf(EventContractException.class);
        assertThatThrownBy(() -> codec.fromJson(with(ORDER_PLACED_JSON, "schemaVersion", 2)))
                .isInstanceOf(EventContractException.class);
        assertThatThrownBy(() -> codec.fromJson(ORDER_PLACED_JSON, UserActivity.class))
                .isInstanceOf(EventContractException.class);
    }

    @Test
    void keepsTheWireFormatWhenGivenAMapperTunedForSomethingElse() {
        JsonMapper restApiMapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        var envelope = new EventEnvelope<>(
                "1.0", ID, "OrderPlaced", "order-service", NOW, "ord-1001", "application/json", 1, orderPlaced());

        var codecOnAppMapper = new EventCodec(restApiMapper);

        assertThat(codecOnAppMapper.toJson(envelope)).isEqualTo(ORDER_PLACED_JSON);
        assertThat(codecOnAppMapper.fromJson(ORDER_PLACED_JSON)).isEqualTo(envelope);
        assertThat(restApiMapper.writeValueAsString(orderPlaced().lines().getFirst()))
                .as("the given mapper is left as it was")
                .contains("product_id");
    }

    private JsonNode tree(String json) {
        return plainMapper.readTree(json);
    }

    private String with(String json, String field, Object value) {
        ObjectNode node = (ObjectNode) tree(json);
        node.set(field, plainMapper.valueToTree(value));
        return node.toString();
    }
}

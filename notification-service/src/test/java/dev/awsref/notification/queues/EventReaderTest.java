package dev.awsref.notification.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.notification.support.OrderEvents;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.MalformedEventException;
import dev.awsref.platform.events.OrderPlaced;
import dev.awsref.platform.events.UnsupportedEventVersionException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventReaderTest {

    private final EventReader reader = new EventReader();
    private final String event = new EventCodec().toJson(OrderEvents.newOrder().placed("12.00"));

    @Test
    void readsARawDelivery() {
        assertThat(reader.read(event).data()).isInstanceOf(OrderPlaced.class);
    }

    @Test
    void unwrapsTheSnsEnvelope() {
        String enveloped = JsonMapper.builder()
                .build()
                .writeValueAsString(Map.of(
                        "Type", "Notification", "TopicArn", "arn:aws:sns:us-east-1:1:order-events", "Message", event));

        assertThat(reader.read(enveloped)).isEqualTo(reader.read(event));
    }

    @Test
    void aBodyThatIsNotAnEventIsAContractViolation() {
        assertThatThrownBy(() -> reader.read("{not json")).isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> reader.read("{\"Type\":\"Notification\",\"TopicArn\":\"t\",\"Message\":1}"))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> reader.read(event.replace("\"schemaVersion\":1", "\"schemaVersion\":7")))
                .isInstanceOf(UnsupportedEventVersionException.class);
    }
}

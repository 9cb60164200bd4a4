package dev.awsref.notification.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageIdTest {

    private final Mailer mailer =
            new Mailer(null, new EmailSettings("Shop <shop@example.com>", null, null, null, null));

    @Test
    void theSameEmailGetsTheSameMessageIdAtTheSendersDomainEvenWithADisplayName() {
        var email = new Email(Notification.ORDER_CONFIRMATION, "event-1", "a@customers.example.com", Map.of());

        assertThat(mailer.messageId(email)).isEqualTo(mailer.messageId(email)).matches("<[0-9a-f-]{36}@example\\.com>");
    }

    @Test
    void anotherNotificationOfTheSameEventGetsAnotherMessageId() {
        var confirmation = new Email(Notification.ORDER_CONFIRMATION, "event-1", "a@customers.example.com", Map.of());
        var alert = new Email(Notification.HIGH_VALUE_ALERT, "event-1", "ops@example.com", Map.of());

        assertThat(mailer.messageId(confirmation)).isNotEqualTo(mailer.messageId(alert));
    }
}

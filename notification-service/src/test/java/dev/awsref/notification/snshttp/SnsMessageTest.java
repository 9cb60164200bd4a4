package dev.awsref.notification.snshttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SnsMessageTest {

    @Test
    void aNotificationSignsItsFieldsInAlphabeticalOrderLeavingOutAMissingSubject() {
        var message = new SnsMessage(Map.of(
                "Type", "Notification",
                "MessageId", "m-1",
                "TopicArn", "arn:t",
                "Message", "hello",
                "Timestamp", "2026-01-01T00:00:00Z",
                "Signature", "not signed itself"));

        assertThat(message.canonicalString())
                .isEqualTo(
                        "Message\nhello\nMessageId\nm-1\nTimestamp\n2026-01-01T00:00:00Z\nTopicArn\narn:t\nType\nNotification\n");
    }

    @Test
    void aConfirmationSignsItsTokenAndSubscribeUrl() {
        var message = new SnsMessage(Map.of(
                "Type", "SubscriptionConfirmation",
                "MessageId", "m-2",
                "Token", "tok",
                "TopicArn", "arn:t",
                "Message", "confirm",
                "SubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription",
                "Timestamp", "t"));

        assertThat(message.canonicalString())
                .isEqualTo(
                        "Message\nconfirm\nMessageId\nm-2\nSubscribeURL\nhttps://sns.us-east-1.amazonaws.com/"
                                + "?Action=ConfirmSubscription\nTimestamp\nt\nToken\ntok\nTopicArn\narn:t\nType\nSubscriptionConfirmation\n");
    }
}

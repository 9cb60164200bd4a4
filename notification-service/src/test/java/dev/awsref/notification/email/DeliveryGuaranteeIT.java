package dev.awsref.notification.email;

import static dev.awsref.platform.topology.ReferenceTopology.NOTIFICATION_ORDER_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.notification.idempotency.ProcessedNotifications;
import dev.awsref.notification.orders.OrderNotifications;
import dev.awsref.notification.orders.Outcome;
import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.OrderEvents;
import dev.awsref.notification.support.ResettingSmtpProxy;
import dev.awsref.notification.support.TestMail;
import dev.awsref.notification.support.TestTopology;
import dev.awsref.platform.events.EventEnvelope;
import dev.awsref.testsupport.AwsEmulators;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The email guarantee, at least once with deduplication, against a real SMTP server (GreenMail)
 * behind {@link ResettingSmtpProxy}. Each test hands the service the same event twice, as SQS does
 * when a message was not acknowledged.
 */
@AwsEmulators
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class DeliveryGuaranteeIT {

    private static final ResettingSmtpProxy SMTP =
            new ResettingSmtpProxy(TestMail.get().port());

    @DynamicPropertySource
    static void mailThroughTheProxy(DynamicPropertyRegistry registry) {
        NotificationIntegrationTest.testProperties(TestTopology.shared()).forEach((key, value) -> {
            if (!key.equals("spring.mail.port")) {
                registry.add(key, () -> value);
            }
        });
        registry.add("spring.mail.port", SMTP::port);
    }

    @Autowired
    OrderNotifications notifications;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ProcessedNotifications processed;

    private final TestMail mail = TestMail.get();

    @AfterEach
    void passThrough() {
        SMTP.passThrough();
    }

    @Test
    void anEmailTheServerAcceptedBeforeItResetTheConnectionIsNotSentAgain() {
        var order = OrderEvents.newOrder();
        var placed = order.placed("42.00");
        SMTP.resetAfterAcceptedData();

        String first = deliver(placed);
        String redelivered = deliver(placed);
        // The connection is kept after an accepted message, so the server's reset meets its next
        // command: the NOOP that checks it before the next email, which then goes on a new one.
        var next = OrderEvents.newOrder();
        String nextOutcome = deliver(next.placed("43.00"));

        assertThat(SMTP.resets())
                .as("connections reset after the server accepted DATA")
                .isPositive();
        assertThat(mail.to(order.customerAddress())).hasSize(1);
        assertThat(first).isEqualTo(Outcome.SENT.name());
        assertThat(redelivered).isEqualTo(Outcome.DUPLICATE.name());
        assertThat(nextOutcome).isEqualTo(Outcome.SENT.name());
        assertThat(mail.to(next.customerAddress())).hasSize(1);
    }

    @Test
    void anEmailSentAgainAfterItsRecordWasLostCarriesTheSameMessageId() {
        var order = OrderEvents.newOrder();
        var placed = order.placed("42.00");

        assertThat(deliver(placed)).isEqualTo(Outcome.SENT.name());
        // what a commit that failed after the send leaves behind: no record of it
        jdbc.sql("DELETE FROM processed_notification WHERE event_id = ?")
                .param(placed.id())
                .update();
        assertThat(deliver(placed)).isEqualTo(Outcome.SENT.name());

        var emails = mail.to(order.customerAddress());
        assertThat(emails).hasSize(2);
        assertThat(messageId(emails.get(0)))
                .as("the Message-ID a mailbox or SES deduplicates on")
                .isEqualTo(messageId(emails.get(1)))
                .matches("<[0-9a-f-]{36}@example\\.com>");
        assertThat(header(emails.get(1), Mailer.KEY_HEADER))
                .as("the same key where a relay (SES) rewrites Message-ID")
                .isEqualTo(header(emails.get(0), Mailer.KEY_HEADER))
                .isEqualTo(messageId(emails.get(0)));
        assertThat(processed.emailMessageId(placed.id(), Notification.ORDER_CONFIRMATION.name()))
                .as("the send state records the Message-ID")
                .contains(messageId(emails.get(1)));
    }

    /** One delivery of {@code event} from the queue: the outcome, or FAILED if it threw. */
    private String deliver(EventEnvelope<?> event) {
        try {
            return notifications
                    .customerEvent(
                            event, NOTIFICATION_ORDER_EVENTS, UUID.randomUUID().toString())
                    .name();
        } catch (MailException failed) {
            return "FAILED";
        }
    }

    private static String header(MimeMessage email, String name) {
        try {
            return email.getHeader(name, null);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String messageId(MimeMessage email) {
        try {
            return email.getMessageID();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.awsref.notification.documents;

import dev.awsref.notification.email.Email;
import dev.awsref.notification.email.EmailSettings;
import dev.awsref.notification.email.Mailer;
import dev.awsref.notification.email.Notification;
import dev.awsref.notification.idempotency.ProcessedNotifications;
import dev.awsref.notification.orders.Outcome;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Mails operations a link to each new document, once per upload. */
@Service
class DocumentNotifications {

    private final ProcessedNotifications processed;
    private final Mailer mailer;
    private final EmailSettings mail;

    DocumentNotifications(ProcessedNotifications processed, Mailer mailer, EmailSettings mail) {
        this.processed = processed;
        this.mailer = mailer;
        this.mail = mail;
    }

    @Transactional
    Outcome objectCreated(ObjectCreated object, String queue, String messageId) {
        var email = new Email(
                Notification.DOCUMENT_UPLOADED,
                object.idempotencyKey(),
                mail.operationsAddress(),
                Map.of("bucket", object.bucket(), "key", object.key(), "size", object.size(), "link", link(object)));
        if (!processed.claim(
                object.idempotencyKey(),
                Notification.DOCUMENT_UPLOADED.name(),
                queue,
                messageId,
                mailer.messageId(email))) {
            return Outcome.DUPLICATE;
        }
        mailer.send(email);
        return Outcome.SENT;
    }

    private String link(ObjectCreated object) {
        return mail.documentsUrl()
                .replace("{bucket}", object.bucket())
                .replace(
                        "{key}",
                        URLEncoder.encode(object.key(), StandardCharsets.UTF_8)
                                .replace("+", "%20")
                                .replace("%2F", "/"));
    }
}

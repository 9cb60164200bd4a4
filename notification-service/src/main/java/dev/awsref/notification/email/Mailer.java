package dev.awsref.notification.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders an {@link Email} from its template and hands it to the SMTP server. Templates are
 * Thymeleaf text templates, {@code mail/<notification>.txt}, whose first line is {@code Subject: ...}
 * and the rest the body, so all the wording of an email is in one file and none is built in code.
 *
 * <p><b>Delivery guarantee: at least once, with deduplication.</b> Every email carries a Message-ID
 * derived from its idempotency key and notification ({@link #messageId}), the same on every attempt.
 * The send itself ({@link SmtpDelivery}) counts an email as sent once the SMTP server accepted it,
 * even if closing the connection fails afterwards. What remains is the window between acceptance
 * and the commit of the caller's record ({@code processed_notification}): if the commit fails, or
 * the server's 250 is lost on the way, the message comes back and the email is sent again, with the
 * same Message-ID, by which a mailbox or relay can drop the second copy. Amazon SES replaces any
 * Message-ID with its own (https://docs.aws.amazon.com/ses/latest/dg/header-fields.html), so the
 * same key also travels in the header {@value #KEY_HEADER}, which SES passes on. Exactly once is
 * not possible with SMTP and a database that do not share a transaction.
 *
 * <p>A failure is thrown as {@link MailException}: the caller's transaction rolls back, the message
 * is not acknowledged, and SQS delivers it again after the visibility timeout; after five receives
 * it goes to the dead-letter queue.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);
    private static final String SUBJECT = "Subject:";
    /** The deduplication key of an email, in a header that survives relays which rewrite Message-ID. */
    public static final String KEY_HEADER = "X-Notification-Key";

    private final SmtpDelivery smtp;
    private final EmailSettings properties;
    private final TemplateEngine templates = textTemplateEngine();

    public Mailer(SmtpDelivery smtp, EmailSettings properties) {
        this.smtp = smtp;
        this.properties = properties;
    }

    /**
     * Sends {@code email} under its stable Message-ID.
     *
     * @return the Message-ID it was sent with
     */
    public String send(Email email) {
        Rendered rendered = render(email);
        String messageId = messageId(email);
        MimeMessage message = smtp.newMessage();
        try {
            var helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
            helper.setFrom(properties.from());
            helper.setTo(email.to());
            helper.setSubject(rendered.subject());
            helper.setText(rendered.body());
            // saveChanges gives a message a fresh random Message-ID; ours must survive it.
            message.saveChanges();
            message.setHeader("Message-ID", messageId);
            message.setHeader(KEY_HEADER, messageId);
        } catch (MessagingException unbuildable) {
            throw new MailPreparationException(unbuildable);
        }
        smtp.deliver(message);
        log.info("Sent {} to {} as {}", email.notification().template(), email.to(), messageId);
        return messageId;
    }

    /**
     * The Message-ID of {@code email}: a name-based UUID of its idempotency key and notification,
     * at the sender's domain. The same email sent twice carries the same Message-ID.
     */
    public String messageId(Email email) {
        String name = email.idempotencyKey() + "/" + email.notification().name();
        return "<" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)) + "@" + senderDomain() + ">";
    }

    /** The domain of the sender address, also when {@code app.mail.from} has a display name. */
    private String senderDomain() {
        try {
            String address = new InternetAddress(properties.from()).getAddress();
            return address.substring(address.indexOf('@') + 1);
        } catch (AddressException unreadable) {
            throw new MailPreparationException("app.mail.from is not an email address", unreadable);
        }
    }

    /** The subject and body of {@code email}, as its template renders them. */
    public Rendered render(Email email) {
        String name = email.notification().template();
        String text = templates.process(name, new Context(Locale.ENGLISH, email.model()));
        int endOfSubject = text.indexOf('\n');
        if (!text.startsWith(SUBJECT) || endOfSubject < 0) {
            throw new IllegalStateException("mail/" + name + ".txt must start with a line 'Subject: ...'");
        }
        return new Rendered(
                text.substring(SUBJECT.length(), endOfSubject).strip(),
                text.substring(endOfSubject + 1).stripLeading());
    }

    public record Rendered(String subject, String body) {}

    private static TemplateEngine textTemplateEngine() {
        var resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("mail/");
        resolver.setSuffix(".txt");
        resolver.setTemplateMode(TemplateMode.TEXT);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        var engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }
}

package dev.awsref.notification.email;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
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
 * <p>A failure is thrown as it is ({@link MailException}): the caller's transaction rolls back, the
 * message is not acknowledged, and SQS delivers it again after the visibility timeout; after five
 * receives it goes to the dead-letter queue.
 */
@Component
public class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);
    private static final String SUBJECT = "Subject:";

    private final JavaMailSender sender;
    private final EmailSettings properties;
    private final TemplateEngine templates = textTemplateEngine();

    public Mailer(JavaMailSender sender, EmailSettings properties) {
        this.sender = sender;
        this.properties = properties;
    }

    public void send(Email email) {
        Rendered rendered = render(email);
        var message = new SimpleMailMessage();
        message.setFrom(properties.from());
        message.setTo(email.to());
        message.setSubject(rendered.subject());
        message.setText(rendered.body());
        sender.send(message);
        log.info("Sent {} to {}", email.notification().template(), email.to());
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

package dev.awsref.notification.email;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Hands one message to the SMTP server, over the session and server settings of Spring Boot's
 * {@code spring.mail.*} sender, and tells acceptance apart from what follows it.
 *
 * <p>Once {@link Transport#sendMessage} returns, the server has answered 250 to the end of DATA:
 * it has taken responsibility for the message (RFC 5321, section 4.1.1.4). A failure after that,
 * while closing the connection (QUIT), does not un-send it, so it is logged and not thrown; Spring's
 * {@code JavaMailSender.send} throws it, which made the caller roll back its record and the message
 * come back, to be mailed again. A failure before that point is thrown: the message may or may not
 * have arrived, and the caller's retry sends it again under the same Message-ID (see {@link Mailer}).
 *
 * <p><b>Connections are kept.</b> A connection that delivered a message goes back to a small pool
 * of idle ones (at most {@value #MAX_IDLE}) and carries the next message, instead of a connect,
 * greeting, EHLO and QUIT around every email: the system benchmark's traces showed the SMTP send as
 * the largest part of a listener's time per message. A kept connection is checked with NOOP
 * ({@link Transport#isConnected}) before it is used, so one the server closed meanwhile is dropped
 * and a fresh one opened; a connection on which anything failed is closed, never reused.
 *
 * <p>Each delivery is an observation ({@value #OBSERVATION}): a client span in the listener's trace,
 * so the trace of an order shows how long the mail server took, and a timer of sends.
 */
@Component
public class SmtpDelivery implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmtpDelivery.class);

    static final String OBSERVATION = "smtp.send";
    /** Idle connections kept; the listeners' messages in flight bound how many are in use at once. */
    static final int MAX_IDLE = 8;

    private final BlockingDeque<Transport> idle = new LinkedBlockingDeque<>(MAX_IDLE);

    private final JavaMailSenderImpl server;
    private final ObservationRegistry observations;

    public SmtpDelivery(JavaMailSenderImpl server, ObservationRegistry observations) {
        this.server = server;
        this.observations = observations;
    }

    /** A message of this sender's session, to fill in and {@link #deliver}. */
    public MimeMessage newMessage() {
        return server.createMimeMessage();
    }

    /**
     * Returns once the server accepted {@code message}.
     *
     * @throws MailSendException when it did not, or when the outcome is unknown
     */
    public void deliver(MimeMessage message) {
        Observation.createNotStarted(OBSERVATION, observations)
                .contextualName("smtp send")
                .lowCardinalityKeyValue("server.address", String.valueOf(server.getHost()))
                .observe(() -> send(message));
    }

    private void send(MimeMessage message) {
        Transport transport = connection();
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException notAccepted) {
            closeQuietly(transport);
            throw new MailSendException("SMTP server did not accept the message", notAccepted);
        }
        if (!idle.offerFirst(transport)) {
            close(transport);
        }
    }

    /** A kept connection that still answers, or a new one. */
    private Transport connection() {
        for (Transport kept = idle.pollFirst(); kept != null; kept = idle.pollFirst()) {
            if (kept.isConnected()) { // NOOP: the server may have closed an idle connection
                return kept;
            }
            closeQuietly(kept);
        }
        try {
            Transport transport = server.getSession().getTransport(server.getProtocol());
            transport.connect(server.getHost(), server.getPort(), server.getUsername(), server.getPassword());
            return transport;
        } catch (MessagingException unreachable) {
            throw new MailSendException("SMTP server connection failed", unreachable);
        }
    }

    /** Closes the kept connections (QUIT) when the service stops. */
    @Override
    public void destroy() {
        for (Transport kept = idle.pollFirst(); kept != null; kept = idle.pollFirst()) {
            close(kept);
        }
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException afterAcceptance) {
            // The messages it carried were accepted (250 to DATA) already: they count as sent.
            log.warn(
                    "SMTP server failed the close (QUIT) after accepting its messages: {}; they count as sent",
                    afterAcceptance.getMessage());
        }
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException alreadyFailing) {
            // the send failure is what the caller needs to know
        }
    }
}

package dev.awsref.notification.email;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
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
 * <p><b>Connections are kept.</b> A connection that delivered a message goes back to a pool
 * (Apache Commons Pool, at most {@value #MAX_IDLE} idle) and carries the next message, instead of a
 * connect, greeting, EHLO and QUIT around every email: the system benchmark's traces showed the
 * SMTP send as the largest part of a listener's time per message. The pool checks a kept
 * connection with NOOP ({@link Transport#isConnected}) before lending it, so one the server closed
 * meanwhile is dropped and a fresh one opened; a connection on which anything failed is
 * invalidated (closed), never reused. There is no cap on connections in use: the listeners'
 * messages in flight bound it.
 *
 * <p>Each delivery is an observation ({@value #OBSERVATION}): a client span in the listener's trace,
 * so the trace of an order shows how long the mail server took, and a timer of sends.
 */
@Component
public class SmtpDelivery implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmtpDelivery.class);

    static final String OBSERVATION = "smtp.send";
    /** Idle connections kept between emails. */
    static final int MAX_IDLE = 8;

    private final JavaMailSenderImpl server;
    private final ObservationRegistry observations;
    private final GenericObjectPool<Transport> connections;

    public SmtpDelivery(JavaMailSenderImpl server, ObservationRegistry observations) {
        this.server = server;
        this.observations = observations;
        var config = new GenericObjectPoolConfig<Transport>();
        config.setMaxTotal(-1);
        config.setMaxIdle(MAX_IDLE);
        config.setMinIdle(0);
        config.setTestOnBorrow(true);
        config.setJmxEnabled(false);
        this.connections = new GenericObjectPool<>(new SmtpConnections(server), config);
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
        Transport transport = borrow();
        try {
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException notAccepted) {
            invalidate(transport);
            throw new MailSendException("SMTP server did not accept the message", notAccepted);
        }
        connections.returnObject(transport);
    }

    private Transport borrow() {
        try {
            return connections.borrowObject();
        } catch (MessagingException unreachable) {
            throw new MailSendException("SMTP server connection failed", unreachable);
        } catch (Exception unexpected) {
            throw new MailSendException("SMTP connection could not be opened", unexpected);
        }
    }

    private void invalidate(Transport transport) {
        try {
            connections.invalidateObject(transport);
        } catch (Exception alreadyFailing) {
            // the send failure is what the caller needs to know
        }
    }

    /** Closes the kept connections (QUIT) when the service stops. */
    @Override
    public void destroy() {
        connections.close();
    }

    /** Opens, checks and closes the pool's SMTP connections with the sender's session and settings. */
    private static final class SmtpConnections extends BasePooledObjectFactory<Transport> {

        private final JavaMailSenderImpl server;

        SmtpConnections(JavaMailSenderImpl server) {
            this.server = server;
        }

        @Override
        public Transport create() throws MessagingException {
            Transport transport = server.getSession().getTransport(server.getProtocol());
            transport.connect(server.getHost(), server.getPort(), server.getUsername(), server.getPassword());
            return transport;
        }

        @Override
        public PooledObject<Transport> wrap(Transport transport) {
            return new DefaultPooledObject<>(transport);
        }

        /** NOOP: the server may have closed a connection while it was idle. */
        @Override
        public boolean validateObject(PooledObject<Transport> kept) {
            return kept.getObject().isConnected();
        }

        @Override
        public void destroyObject(PooledObject<Transport> kept) {
            try {
                kept.getObject().close();
            } catch (MessagingException afterAcceptance) {
                // Whatever it carried was accepted (250 to DATA) or already reported as failed.
                log.warn(
                        "SMTP server failed the close (QUIT): {}; the messages it accepted count as sent",
                        afterAcceptance.getMessage());
            }
        }
    }
}

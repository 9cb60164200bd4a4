package dev.awsref.notification.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/**
 * One GreenMail SMTP server per test JVM on a free port that stays the same across a stop and a
 * start, so a test can take the mail server away and bring it back ("the fix").
 */
public final class TestMail {

    private static volatile TestMail shared;

    private final int port;
    private GreenMail greenMail;

    private TestMail() {
        port = freePort();
        start();
    }

    public static TestMail get() {
        if (shared == null) {
            synchronized (TestMail.class) {
                if (shared == null) {
                    shared = new TestMail();
                }
            }
        }
        return shared;
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    public synchronized void stop() {
        greenMail.stop();
    }

    /** How many messages were received so far, to anyone. */
    public synchronized int received() {
        return greenMail.getReceivedMessages().length;
    }

    /** Every message received so far addressed to {@code address}. */
    public synchronized List<MimeMessage> to(String address) {
        return Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> addressedTo(m, address))
                .toList();
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String body(MimeMessage message) {
        try {
            return String.valueOf(message.getContent());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean addressedTo(MimeMessage message, String address) {
        try {
            var recipients = message.getRecipients(RecipientType.TO);
            return recipients != null
                    && Arrays.stream(recipients).anyMatch(r -> r.toString().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

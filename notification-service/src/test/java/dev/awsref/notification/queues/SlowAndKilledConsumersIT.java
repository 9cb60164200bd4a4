package dev.awsref.notification.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.notification.NotificationServiceApplication;
import dev.awsref.notification.email.SmtpDelivery;
import dev.awsref.notification.idempotency.ProcessedNotifications;
import dev.awsref.notification.support.NotificationIntegrationTest;
import dev.awsref.notification.support.OrderEvents;
import dev.awsref.notification.support.TestMail;
import dev.awsref.notification.support.TestTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsEmulators;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * What SQS does when a consumer is slow, and when it dies in the middle of a message. These tests
 * run their own instances of the service on a topology of their own (the shared test context's
 * listeners must not take their messages). The queues' visibility timeout is 2 s.
 */
@AwsEmulators
class SlowAndKilledConsumersIT {

    private static final TestTopology topology = TestTopology.fresh("it-slow");
    private static final TestMail mail = TestMail.get();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** Holds sends to one address until released: a consumer that is slow, or stuck. */
    static final class Gate {
        static volatile String address = "";
        static volatile CountDownLatch entered = new CountDownLatch(1);
        static volatile CountDownLatch released = new CountDownLatch(1);
        static final AtomicInteger entries = new AtomicInteger();
        static volatile boolean failOnRelease;

        static void closeOn(String recipient, boolean fail) {
            address = recipient;
            entered = new CountDownLatch(1);
            released = new CountDownLatch(1);
            entries.set(0);
            failOnRelease = fail;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GatedMail {
        @Bean
        @Primary
        SmtpDelivery gatedSmtpDelivery(JavaMailSenderImpl server, ObservationRegistry observations) {
            return new SmtpDelivery(server, observations) {
                @Override
                public void deliver(MimeMessage message) {
                    if (firstRecipient(message).equals(Gate.address)) {
                        Gate.entries.incrementAndGet();
                        Gate.entered.countDown();
                        awaitReleaseIgnoringInterrupts();
                        if (Gate.failOnRelease) {
                            throw new MailSendException("the consumer was killed before it could send");
                        }
                    }
                    super.deliver(message);
                }
            };
        }

        private static String firstRecipient(MimeMessage message) {
            try {
                return message.getAllRecipients()[0].toString();
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A stuck thread, as in a hung SMTP call: stopping the service interrupts it, and it does not
     * notice, so it neither finishes nor fails the message; only the process dying ends it.
     */
    static void awaitReleaseIgnoringInterrupts() {
        boolean interrupted = false;
        while (true) {
            try {
                if (Gate.released.await(5, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private ConfigurableApplicationContext running;

    @AfterEach
    void stopTheService() {
        Gate.released.countDown();
        if (running != null) {
            running.close();
        }
    }

    @Test
    void slowWorkKeepsItsMessageInvisibleSoNoSecondConsumerTakesIt() {
        running = start(GatedMail.class);
        var meters = running.getBean(MeterRegistry.class);
        var order = OrderEvents.newOrder();
        Gate.closeOn(order.customerAddress(), false);

        topology.publishOrderEvent(order.placed("15.00"));
        await().atMost(PATIENCE).until(() -> Gate.entered.getCount() == 0);
        // Three extensions, one a second, outlast the 2 s visibility timeout: without them SQS
        // would have handed the message to another poll by now.
        double extended = meters.counter("sqs.listener.visibility.extensions").count();
        await().atMost(PATIENCE)
                .until(() ->
                        meters.counter("sqs.listener.visibility.extensions").count() >= extended + 3);
        Gate.released.countDown();

        await().atMost(PATIENCE).until(() -> mail.to(order.customerAddress()).size() == 1);
        assertThat(Gate.entries).hasValue(1);
        assertThat(handled(meters, "DUPLICATE")).isZero();
    }

    @Test
    void aMessageWhoseConsumerDiedBeforeAcknowledgingIsDeliveredAgainAndHandledOnce() {
        var order = OrderEvents.newOrder();
        Gate.closeOn(order.customerAddress(), true);
        var first = start(GatedMail.class);
        var placed = order.placed("25.00");

        topology.publishOrderEvent(placed);
        await().atMost(PATIENCE).until(() -> Gate.entered.getCount() == 0);
        // "Kill" it: stop the service while it is in the middle of the message. The container
        // gives up on the in-flight message after its shutdown timeout without acknowledging it,
        // and closing the pool aborts the message's open transaction, as a dead process's
        // connection would be.
        first.close();
        Gate.released.countDown(); // the stuck thread wakes up in a dead service and sends nothing

        assertThat(mail.to(order.customerAddress())).isEmpty();
        running = start();
        await().atMost(PATIENCE).until(() -> mail.to(order.customerAddress()).size() == 1);
        assertThat(running.getBean(ProcessedNotifications.class).count(placed.id(), "ORDER_CONFIRMATION"))
                .isEqualTo(1);
        assertThat(mail.to(order.customerAddress())).hasSize(1);
    }

    private static double handled(MeterRegistry meters, String outcome) {
        var counter = meters.find("notification.events")
                .tags("queue", ReferenceTopology.NOTIFICATION_ORDER_EVENTS, "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static ConfigurableApplicationContext start(Class<?>... extraConfiguration) {
        var properties = new HashMap<String, String>(NotificationIntegrationTest.testProperties(topology));
        properties.put("server.port", "0");
        // As command-line arguments: default properties would lose to application.yml.
        String[] arguments = properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        var sources = new Class<?>[extraConfiguration.length + 1];
        sources[0] = NotificationServiceApplication.class;
        System.arraycopy(extraConfiguration, 0, sources, 1, extraConfiguration.length);
        return new SpringApplicationBuilder(sources).run(arguments);
    }
}

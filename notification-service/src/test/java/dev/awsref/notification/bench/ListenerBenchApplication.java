package dev.awsref.notification.bench;

import io.awspring.cloud.sqs.annotation.SqsListener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * notification-service's listener set-up without its handlers: the same auto-configuration (Spring
 * Cloud AWS's container factory with the platform's ListenerDefaults, DeadLetterPolicy,
 * VisibilityHeartbeat, ListenersFollowTheModel and ListenerPoolSizing from service-defaults) and a
 * listener on the same model queue, with the same id and parameter type as the service's
 * {@code OrderEventListeners#onOrderEvent}, that does no work. The service's own listeners are not
 * here (no component scan), so the benchmark measures the container, not email sending.
 *
 * <p>Deliberately not a {@code @Configuration}: the service's own {@code @SpringBootApplication}
 * scans this package in its integration tests, and must not find a second listener with the
 * service's listener id there. As a primary source it is registered all the same, and its
 * {@code @Bean} method works in lite mode.
 */
@EnableAutoConfiguration
class ListenerBenchApplication {

    @Bean
    CountingListener countingListener() {
        return new CountingListener();
    }

    static class CountingListener {

        private final AtomicReference<CountDownLatch> remaining = new AtomicReference<>(new CountDownLatch(0));

        CountDownLatch expect(int messages) {
            var latch = new CountDownLatch(messages);
            remaining.set(latch);
            return latch;
        }

        @SqsListener(value = "#{@topology.queue('notification-order-events')}", id = "notification-order-events")
        void onOrderEvent(Message message) {
            remaining.get().countDown();
        }
    }
}

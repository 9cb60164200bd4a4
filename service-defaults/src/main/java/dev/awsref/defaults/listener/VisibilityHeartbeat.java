package dev.awsref.defaults.listener;

import io.awspring.cloud.sqs.listener.SqsHeaders;
import io.awspring.cloud.sqs.listener.Visibility;
import io.awspring.cloud.sqs.listener.interceptor.MessageInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.Message;

/**
 * Keeps every message invisible while its listener works on it. Every {@code extend-every} it sets
 * the message's visibility timeout to {@code extend-to} from now (ChangeMessageVisibility), so a
 * second consumer never receives a message whose first consumer is alive and still working. If the
 * consumer dies the heartbeat dies with it, and the message comes back at most {@code extend-to}
 * later. Work that ends before the first beat costs no call at all.
 */
public class VisibilityHeartbeat implements MessageInterceptor<Object>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VisibilityHeartbeat.class);

    private final Duration every;
    private final Duration extendTo;
    private final Counter extensions;
    /** By receipt handle: unique per receive, and the same on every copy of the message the container makes. */
    private final Map<String, ScheduledFuture<?>> beats = new ConcurrentHashMap<>();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("visibility-heartbeat").daemon().factory());

    public VisibilityHeartbeat(Duration every, Duration extendTo, MeterRegistry meters) {
        if (!every.isPositive() || every.compareTo(extendTo) >= 0) {
            throw new IllegalArgumentException("app.listeners.visibility.extend-every (" + every
                    + ") must be positive and shorter than extend-to (" + extendTo + ")");
        }
        this.every = every;
        this.extendTo = extendTo;
        this.extensions = meters.counter("sqs.listener.visibility.extensions");
    }

    @Override
    public Message<Object> intercept(Message<Object> message) {
        Visibility visibility = message.getHeaders().get(SqsHeaders.SQS_VISIBILITY_TIMEOUT_HEADER, Visibility.class);
        String receipt = receiptOf(message);
        if (visibility != null && receipt != null) {
            beats.put(
                    receipt,
                    scheduler.scheduleAtFixedRate(
                            () -> extend(visibility, message),
                            every.toMillis(),
                            every.toMillis(),
                            TimeUnit.MILLISECONDS));
        }
        return message;
    }

    @Override
    public void afterProcessing(Message<Object> message, Throwable failure) {
        String receipt = receiptOf(message);
        ScheduledFuture<?> beat = receipt == null ? null : beats.remove(receipt);
        if (beat != null) {
            beat.cancel(false);
        }
    }

    /** How many messages are being kept invisible now. */
    int beating() {
        return beats.size();
    }

    private static String receiptOf(Message<Object> message) {
        return message.getHeaders().get(SqsHeaders.SQS_RECEIPT_HANDLE_HEADER, String.class);
    }

    private void extend(Visibility visibility, Message<Object> message) {
        Object messageId = message.getHeaders().get(SqsHeaders.SQS_RAW_MESSAGE_ID_HEADER);
        visibility.changeToAsync((int) extendTo.toSeconds()).whenComplete((ok, failed) -> {
            if (failed != null) {
                log.warn("Could not extend the visibility of message {}: {}", messageId, LogSafe.reason(failed));
            } else {
                extensions.increment();
                log.debug("Extended the visibility of message {} to {}", messageId, extendTo);
            }
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

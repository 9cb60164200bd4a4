package dev.awsref.notification.queues;

import io.awspring.cloud.sqs.listener.Visibility;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps a message invisible while slow work on it runs. Every {@code extend-every} it sets the
 * message's visibility timeout to {@code extend-to} from now (ChangeMessageVisibility), so a second
 * consumer never receives a message whose first consumer is still working and alive. If the
 * consumer dies the heartbeat dies with it, and the message comes back at most {@code extend-to}
 * later. See docs/long-polling-and-visibility.md.
 */
@Component
public class VisibilityHeartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VisibilityHeartbeat.class);

    private final Duration every;
    private final Duration extendTo;
    private final Counter extensions;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("visibility-heartbeat").daemon().factory());

    public VisibilityHeartbeat(
            @Value("${app.listeners.visibility.extend-every:10s}") Duration every,
            @Value("${app.listeners.visibility.extend-to:30s}") Duration extendTo,
            MeterRegistry meters) {
        this.extensions = meters.counter("notification.visibility.extensions");
        if (!every.isPositive() || every.compareTo(extendTo) >= 0) {
            throw new IllegalArgumentException("app.listeners.visibility.extend-every (" + every
                    + ") must be positive and shorter than extend-to (" + extendTo + ")");
        }
        this.every = every;
        this.extendTo = extendTo;
    }

    /** Starts extending {@code visibility}; closing the returned handle stops it. */
    public Beat keepInvisible(Visibility visibility, String messageId) {
        ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(
                () -> extend(visibility, messageId), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }

    private void extend(Visibility visibility, String messageId) {
        visibility.changeToAsync((int) extendTo.toSeconds()).whenComplete((ok, failed) -> {
            if (failed != null) {
                log.warn("Could not extend the visibility of message {}: {}", messageId, failed.toString());
            } else {
                extensions.increment();
                log.debug("Extended the visibility of message {} by {}", messageId, extendTo);
            }
        });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** A running heartbeat. */
    public interface Beat extends AutoCloseable {
        @Override
        void close();
    }
}

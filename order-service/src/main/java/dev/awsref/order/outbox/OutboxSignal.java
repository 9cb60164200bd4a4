package dev.awsref.order.outbox;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Tells this instance's relay that rows were committed, so it relays them at once instead of at
 * its next poll. The poll stays: it is how rows written by another instance, or before a crash,
 * are found. Signals raised while a pass runs fold into one: the next pass takes all their rows.
 */
@Component
public class OutboxSignal {

    private final Semaphore raised = new Semaphore(0);

    /** Rows were committed. */
    void raise() {
        if (raised.availablePermits() == 0) {
            raised.release();
        }
    }

    /**
     * Waits up to {@code atMost} for a signal and clears every signal raised so far.
     *
     * @return whether one came
     */
    boolean await(Duration atMost) throws InterruptedException {
        boolean came = raised.tryAcquire(atMost.toNanos(), TimeUnit.NANOSECONDS);
        raised.drainPermits();
        return came;
    }
}

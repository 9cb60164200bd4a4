package dev.awsref.platform.topology;

import java.time.Duration;
import java.util.Optional;

/**
 * An SQS queue. A consumer-facing queue names its dead-letter queue and how many receives a
 * message gets before SQS moves it there; the dead-letter queue is a queue of its own in the
 * topology, of the same type (standard or FIFO).
 *
 * @param name logical name, without the environment prefix; FIFO names end in {@code .fifo}
 * @param fifo whether this is a FIFO queue
 * @param visibilityTimeout how long a received message stays hidden; sized to the work, and
 *     consumers extend it for slow work rather than letting a second consumer take the message
 * @param retention how long SQS keeps an unconsumed message (60 s to 14 days)
 * @param receiveWait long-polling wait; 20 s (the maximum) saves empty receives on idle queues
 * @param deadLetter where poison messages go, or empty for a queue that is itself a DLQ
 * @param consumer the service that receives from it
 * @param listener how the consumer's listener receives from it
 */
public record QueueSpec(
        String name,
        boolean fifo,
        Duration visibilityTimeout,
        Duration retention,
        Duration receiveWait,
        Optional<DeadLetter> deadLetter,
        ServiceName consumer,
        Listener listener) {

    public QueueSpec {
        if (listener.maxConcurrentMessages() < 1
                || listener.maxMessagesPerPoll() < 1
                || listener.maxMessagesPerPoll() > 10) {
            throw new IllegalArgumentException("queue '" + name + "': a listener handles at least one message at a"
                    + " time and receives 1-10 per poll (the ReceiveMessage maximum), not " + listener);
        }
    }

    /**
     * How many messages the consumer's listener handles at once and receives per ReceiveMessage
     * call. A service that holds a database connection while it handles a message sizes its pool
     * from the sum of these, so adding a queue never needs a second edit for the pool.
     */
    public record Listener(int maxConcurrentMessages, int maxMessagesPerPoll) {
        /**
         * Twenty at a time, ten per poll: a full batch per call, and room for a second poll while
         * the first batch is still being handled. With as many in flight as one poll brings (10,
         * 10) the container polls only when the whole batch is done, so every ReceiveMessage round
         * trip and every batch's slowest message stall the listener (issue 16 saw 0.76-0.80 of a
         * plain receive/delete loop on a quiet machine; QueueConsumptionBenchmark measures both
         * settings). Each message in flight can hold a database connection, and ListenerPoolSizing
         * adds these up for the pool.
         */
        public static final Listener DEFAULT = new Listener(20, 10);

        /** For queues whose work is rare or slow, so a burst cannot take the whole pool. */
        public static Listener atMost(int messages) {
            return new Listener(messages, Math.min(messages, 10));
        }
    }

    /** Redrive settings: after {@code maxReceiveCount} receives without a delete, SQS moves the message. */
    public record DeadLetter(String queueName, int maxReceiveCount) {}

    public boolean isDeadLetterQueue() {
        return deadLetter.isEmpty();
    }
}

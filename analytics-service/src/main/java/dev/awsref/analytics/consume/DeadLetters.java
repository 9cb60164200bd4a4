package dev.awsref.analytics.consume;

/**
 * Where a KCL application puts the records it gives up on. The live application sends them to the
 * stream's dead-letter queue; a replay only counts them (the live one dead-lettered them already).
 */
public interface DeadLetters {

    /**
     * Stores the dead letter durably before returning; the processor checkpoints past the record
     * only afterwards. A failure to store it is a store failure: the record is tried again.
     */
    void send(DeadLetter letter);

    /** For a replay: the live application owns the dead-letter queue. */
    DeadLetters COUNTED_ONLY = letter -> {};
}

package dev.awsref.notification.orders;

/** What handling one event did. */
public enum Outcome {
    /** An email went out. */
    SENT,
    /** The email for this event was sent before: a redelivery, or the same event on another queue. */
    DUPLICATE,
    /** The event needs no email from this queue (e.g. OrderPaid on the lifecycle queue). */
    NOTHING_TO_SEND
}

package dev.awsref.analytics.consume;

/**
 * A record that will fail the same way however often it is tried: its bytes, its contract or its
 * values are wrong. The processor dead-letters it (see {@link PoisonRecordPolicy}).
 */
final class PoisonRecordException extends RuntimeException {

    /** Why a record was dead-lettered: the tag of the metric and the {@code reason} of the dead letter. */
    enum Reason {
        /** Not UTF-8, not JSON, or not an event envelope. */
        UNDECODABLE("undecodable"),
        /** An event, but not an activity event this code can read (unknown type or version). */
        UNKNOWN_TYPE("unknown-type"),
        /** An activity event whose values the aggregates cannot hold (ActivityLimits), or keyed by another user. */
        INVALID_CONTRACT("invalid-contract"),
        /** Read and checked, but a store refused it on every attempt. */
        CANNOT_APPLY("cannot-apply");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        String tag() {
            return tag;
        }
    }

    private final Reason reason;

    PoisonRecordException(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}

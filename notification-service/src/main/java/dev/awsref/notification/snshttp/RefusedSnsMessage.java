package dev.awsref.notification.snshttp;

import org.springframework.http.HttpStatus;

/**
 * An SNS HTTP delivery this endpoint does not accept: not signed by SNS, from a topic it is not
 * subscribed to, stale, or malformed. The reason never quotes the message, whose content is the
 * sender's until the signature is checked.
 */
class RefusedSnsMessage extends RuntimeException {

    private final HttpStatus status;
    private final String field;

    RefusedSnsMessage(HttpStatus status, String field, String reason) {
        super(reason, null, false, false);
        this.status = status;
        this.field = field;
    }

    /** 403: the delivery is well formed, but SNS did not send it for this endpoint (or not now). */
    static RefusedSnsMessage forbidden(String field, String reason) {
        return new RefusedSnsMessage(HttpStatus.FORBIDDEN, field, reason);
    }

    /** 400: the delivery is not an SNS message at all; {@code field} is the one at fault. */
    static RefusedSnsMessage badRequest(String field, String reason) {
        return new RefusedSnsMessage(HttpStatus.BAD_REQUEST, field, reason);
    }

    HttpStatus status() {
        return status;
    }

    /** The message field (or header) at fault, as the problem's {@code errors[].field}. */
    String field() {
        return field;
    }
}

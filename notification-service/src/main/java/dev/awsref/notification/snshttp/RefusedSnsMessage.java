package dev.awsref.notification.snshttp;

import org.springframework.http.HttpStatus;

/**
 * An SNS HTTP delivery this endpoint does not accept: not signed by SNS, from a topic it is not
 * subscribed to, stale, or malformed. The reason never quotes the message, whose content is the
 * sender's until the signature is checked.
 */
class RefusedSnsMessage extends RuntimeException {

    private final HttpStatus status;

    RefusedSnsMessage(HttpStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    static RefusedSnsMessage forbidden(String reason) {
        return new RefusedSnsMessage(HttpStatus.FORBIDDEN, reason);
    }

    static RefusedSnsMessage badRequest(String reason) {
        return new RefusedSnsMessage(HttpStatus.BAD_REQUEST, reason);
    }

    HttpStatus status() {
        return status;
    }
}

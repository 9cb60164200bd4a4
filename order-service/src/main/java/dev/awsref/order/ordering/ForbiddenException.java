package dev.awsref.order.ordering;

/** Authenticated but not allowed (e.g. shipping without the ship scope). Answered with 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}

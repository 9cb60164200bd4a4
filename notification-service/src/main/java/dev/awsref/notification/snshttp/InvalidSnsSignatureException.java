package dev.awsref.notification.snshttp;

/** An SNS HTTP delivery that SNS did not sign, or whose signature cannot be checked: answered 403. */
class InvalidSnsSignatureException extends RuntimeException {

    InvalidSnsSignatureException(String message) {
        super(message, null, false, false);
    }
}

package dev.awsref.order.ordering;

/** A request value the annotations cannot check, e.g. one that depends on whether a token came. 400. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}

package dev.awsref.platform.events;

import java.math.BigDecimal;

/**
 * Constructor checks shared by the contract records. They throw {@link IllegalArgumentException}
 * naming the field, which the codec turns into a {@link MalformedEventException} when the bad
 * value came off the wire.
 */
final class Checks {

    private Checks() {}

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    static String text(String value, String field) {
        if (present(value, field).isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    static BigDecimal notNegative(BigDecimal value, String field) {
        if (present(value, field).signum() < 0) {
            throw new IllegalArgumentException(field + " must not be negative but was " + value.toPlainString());
        }
        return value;
    }
}

package dev.awsref.analytics.limits;

import dev.awsref.platform.events.UserActivity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * What the aggregates can hold, checked before anything is stored: the API refuses an event that
 * breaks a rule (400, naming the field), and the consumer dead-letters a record that does (one
 * written past the API), instead of failing on it in a store.
 *
 * <ul>
 *   <li>{@code userId} is the Kinesis partition key (at most 256 Unicode characters), the DynamoDB
 *       partition key (at most 2048 UTF-8 bytes) and part of Redis keys; {@code itemId} is a Redis
 *       sorted-set member. Both must be real text: an unpaired UTF-16 surrogate has no UTF-8 form, so
 *       the key Kinesis hashes and the id the stores see would differ.
 *   <li>{@code occurredAt} becomes the daily item's sort key, an ISO date {@code yyyy-MM-dd} that
 *       sorts as text only for years 0000-9999 (the GSI lists a day, the LSI sorts days), and a Redis
 *       score in epoch milliseconds. The day window is 1970-01-01 to 9999-12-31 UTC; an instant
 *       outside it (the API parsed {@code -999999999-01-01T00:00:00Z}) cannot be stored.
 *   <li>Counters grow by one per record (a 64-bit Redis integer, a 38-digit DynamoDB number), so no
 *       record can overflow one; there is nothing to check for them.
 * </ul>
 */
public final class ActivityLimits {

    /** Kinesis: a partition key is 1 to 256 Unicode characters. */
    public static final int MAX_ID_CHARACTERS = 256;
    /** DynamoDB: a partition key value is at most 2048 bytes. */
    public static final int MAX_USER_ID_BYTES = 2048;

    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private ActivityLimits() {}

    /** A rule an event breaks, with the field at fault. */
    public record Violation(String field, String detail) {}

    /** The first rule {@code activity} breaks, if any. */
    public static Optional<Violation> check(UserActivity activity) {
        return checkId("userId", activity.userId())
                .or(() -> activity.userId().getBytes(StandardCharsets.UTF_8).length > MAX_USER_ID_BYTES
                        ? Optional.of(new Violation("userId", "must be at most " + MAX_USER_ID_BYTES + " UTF-8 bytes"))
                        : Optional.empty())
                .or(() -> activity.itemId() == null ? Optional.empty() : checkId("itemId", activity.itemId()))
                .or(() -> checkTime(activity.occurredAt()));
    }

    /** The day window alone: the API checks it on the parsed timestamp. */
    public static Optional<Violation> checkTime(Instant occurredAt) {
        if (occurredAt.isBefore(EARLIEST) || occurredAt.isAfter(LATEST)) {
            return Optional.of(new Violation("timestamp", "must be between " + EARLIEST + " and " + LATEST));
        }
        return Optional.empty();
    }

    /** Length in Unicode characters (code points), and well-formed UTF-16 (no unpaired surrogate). */
    public static Optional<Violation> checkId(String field, String value) {
        if (value.isBlank()) {
            return Optional.of(new Violation(field, "must be a non-blank string"));
        }
        if (!wellFormed(value)) {
            return Optional.of(new Violation(field, "must be valid Unicode text (it has an unpaired surrogate)"));
        }
        if (value.codePointCount(0, value.length()) > MAX_ID_CHARACTERS) {
            return Optional.of(new Violation(field, "must be at most " + MAX_ID_CHARACTERS + " characters"));
        }
        return Optional.empty();
    }

    private static boolean wellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}

package dev.awsref.analytics.aggregate;

/**
 * Kinesis sequence numbers are decimal strings of up to 128 digits that grow within a shard.
 * Left-padded to 128 digits they compare as text exactly as they do as numbers, which is what
 * DynamoDB conditions and a Redis script can compare.
 */
public final class SequenceNumbers {

    private static final int DIGITS = 128;

    private SequenceNumbers() {}

    public static String comparable(String sequenceNumber) {
        if (sequenceNumber.length() >= DIGITS) {
            return sequenceNumber;
        }
        return "0".repeat(DIGITS - sequenceNumber.length()) + sequenceNumber;
    }
}

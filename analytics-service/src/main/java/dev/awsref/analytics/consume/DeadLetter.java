package dev.awsref.analytics.consume;

import java.time.Instant;

/**
 * A stream record the consumer gave up on, as it is written to the stream's dead-letter queue (the
 * JSON body of one SQS message): where it was, why it failed, and the record itself, so it can be
 * replayed under its partition key once the cause is fixed, after the stream has dropped it.
 *
 * @param stream the stream's physical name
 * @param shardId, sequenceNumber, subSequenceNumber where the record sat
 * @param partitionKey the key it was put with (the user id), and will be replayed with
 * @param approximateArrivalTimestamp when Kinesis took it
 * @param reason why: {@code undecodable}, {@code unknown-type}, {@code invalid-contract} or
 *     {@code cannot-apply}
 * @param detail the failure, in words (the last one, after the last attempt)
 * @param attempts how often it was tried: 1 for a record that cannot be read or checked (trying again
 *     reads the same bytes), the model's attempts for one a store refused
 * @param deadLetteredAt when the consumer gave up
 * @param data the record's bytes, base64
 * @param dataBytes how many bytes {@code data} holds
 */
public record DeadLetter(
        String stream,
        String shardId,
        String sequenceNumber,
        long subSequenceNumber,
        String partitionKey,
        Instant approximateArrivalTimestamp,
        String reason,
        String detail,
        int attempts,
        Instant deadLetteredAt,
        String data,
        int dataBytes) {}

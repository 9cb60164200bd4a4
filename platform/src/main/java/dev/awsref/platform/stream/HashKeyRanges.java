package dev.awsref.platform.stream;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * Where Kinesis puts a record: MD5 of the partition key's UTF-8 bytes, read as an unsigned 128-bit
 * number (the hash key), picks the open shard whose hash-key range holds it. This is the rule AWS
 * documents for PutRecord(s), so anyone can predict, without writing a record, which shard a user
 * id lands on: the way to find the shard a hot user saturates, or to check that a key scheme
 * spreads load before shipping it.
 */
public final class HashKeyRanges {

    private HashKeyRanges() {}

    /** The 128-bit hash key Kinesis derives from {@code partitionKey}. */
    public static BigInteger hashKeyOf(String partitionKey) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, md5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }

    /** The shard of {@code shards} whose hash-key range holds {@code hashKey}, if one does. */
    public static Optional<Shard> shardHolding(BigInteger hashKey, List<Shard> shards) {
        return shards.stream()
                .filter(s -> new BigInteger(s.hashKeyRange().startingHashKey()).compareTo(hashKey) <= 0
                        && new BigInteger(s.hashKeyRange().endingHashKey()).compareTo(hashKey) >= 0)
                .findFirst();
    }

    /**
     * The open shard that takes a record keyed {@code partitionKey}. {@code openShards} must be the
     * stream's open shards only: after a reshard a closed parent's range overlaps its children's.
     */
    public static Shard shardFor(String partitionKey, List<Shard> openShards) {
        return shardHolding(hashKeyOf(partitionKey), openShards)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no shard covers the hash key of '" + partitionKey + "': not the stream's open shards"));
    }
}

package dev.awsref.analytics.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * What the producer has not yet got into Kinesis, and the rules for what goes into the next
 * PutRecords call. No I/O and no clock of its own (callers pass nanoTime), so every rule is unit
 * tested over SDK model objects.
 *
 * <p>The ordering rule: a partition key (user) has at most one record in flight. PutRecords does not
 * stop at a failed entry, so if a user's second event rode in the same call as a first one that
 * failed, the second would land first. Holding the rest of a user's records back until the head
 * is in makes a retry unable to reorder anything. Many users fill a batch all the same; a single
 * user is limited to one record per round trip (KPL-style aggregation would lift that).
 */
final class ProducerBuffer {

    /** PutRecords limits: 500 entries and 5 MiB per call (data plus partition keys). */
    static final int MAX_BATCH_RECORDS = 500;

    static final long MAX_BATCH_BYTES = 5L * 1024 * 1024;
    /** One record: data plus partition key, at most 1 MiB. */
    static final int MAX_RECORD_BYTES = 1024 * 1024;

    private final int capacity;
    private final long maxBytes;
    private final long lingerNanos;
    private final int maxAttempts;
    private final BackoffStrategy backoff;

    private final LinkedHashMap<String, ArrayDeque<Pending>> byKey = new LinkedHashMap<>();
    private final Set<String> inFlight = new HashSet<>();
    private int size;
    private long bytes;

    /** A buffer bounded by records alone (tests of the batching rules). */
    ProducerBuffer(int capacity, long lingerNanos, int maxAttempts, BackoffStrategy backoff) {
        this(capacity, Long.MAX_VALUE, lingerNanos, maxAttempts, backoff);
    }

    /**
     * @param capacity most records held
     * @param maxBytes most bytes held, counted as Kinesis counts a record (data plus the partition
     *     key's UTF-8 bytes): what bounds the memory when records are large
     */
    ProducerBuffer(int capacity, long maxBytes, long lingerNanos, int maxAttempts, BackoffStrategy backoff) {
        this.capacity = capacity;
        this.maxBytes = maxBytes;
        this.lingerNanos = lingerNanos;
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    /** A record waiting to go in, with its retry state. */
    static final class Pending {
        final String partitionKey;
        final SdkBytes data;
        final int bytes;
        final long enqueuedAt;
        int attempts;
        long notBefore;

        Pending(String partitionKey, SdkBytes data, long enqueuedAt) {
            this.partitionKey = partitionKey;
            this.data = data;
            this.bytes = data.asByteArrayUnsafe().length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
            this.enqueuedAt = enqueuedAt;
            this.notBefore = enqueuedAt;
        }

        PutRecordsRequestEntry entry() {
            return PutRecordsRequestEntry.builder()
                    .partitionKey(partitionKey)
                    .data(data)
                    .build();
        }
    }

    /** One PutRecords call's worth: at most one record per partition key. */
    record Batch(List<Pending> records, long bytes) {
        List<PutRecordsRequestEntry> entries() {
            return records.stream().map(Pending::entry).toList();
        }
    }

    /** What a completed call did, for metrics and the per-shard view. */
    record Outcome(
            int sent,
            int failed,
            int retried,
            int dropped,
            Map<String, Integer> sentPerShard,
            Map<String, Integer> failedPerCode) {}

    /**
     * Adds all records or none: false when the buffer cannot take them all, by count or by bytes
     * (backpressure).
     *
     * @throws IllegalArgumentException for a record Kinesis would refuse (data plus key over 1 MiB):
     *     retrying it could only end in a drop, so it must be refused before it is taken
     */
    synchronized boolean offer(List<Pending> records) {
        long added = 0;
        for (Pending record : records) {
            if (record.bytes > MAX_RECORD_BYTES) {
                throw new IllegalArgumentException("a record of " + record.bytes
                        + " bytes (data plus partition key) is over Kinesis' " + MAX_RECORD_BYTES);
            }
            added += record.bytes;
        }
        if (size + records.size() > capacity || bytes + added > maxBytes) {
            return false;
        }
        for (Pending record : records) {
            byKey.computeIfAbsent(record.partitionKey, k -> new ArrayDeque<>()).addLast(record);
        }
        size += records.size();
        bytes += added;
        return true;
    }

    synchronized int size() {
        return size;
    }

    /** Bytes held, counted as Kinesis counts them. */
    synchronized long bytes() {
        return bytes;
    }

    /**
     * The next batch to send, or null when nothing should be sent yet: a batch goes when it is full
     * (500 records or 5 MiB) or when one of its records has waited {@code linger}. Its keys are
     * in flight until {@link #complete} or {@link #fail}.
     */
    synchronized Batch nextBatch(long now) {
        var records = new ArrayList<Pending>();
        long bytes = 0;
        boolean due = false;
        for (var queue : byKey.values()) {
            Pending head = queue.peekFirst();
            if (head == null || inFlight.contains(head.partitionKey) || head.notBefore > now) {
                continue;
            }
            if (bytes + head.bytes > MAX_BATCH_BYTES) {
                due = true;
                break;
            }
            records.add(head);
            bytes += head.bytes;
            due |= now - head.enqueuedAt >= lingerNanos || head.attempts > 0;
            if (records.size() == MAX_BATCH_RECORDS) {
                due = true;
                break;
            }
        }
        if (records.isEmpty() || !due) {
            return null;
        }
        records.forEach(r -> inFlight.add(r.partitionKey));
        return new Batch(records, bytes);
    }

    /** Nanos until something may become due, for the flusher to sleep; capped by {@code max}. */
    synchronized long nanosUntilNextDue(long now, long max) {
        long wait = max;
        for (var queue : byKey.values()) {
            Pending head = queue.peekFirst();
            if (head == null || inFlight.contains(head.partitionKey)) {
                continue;
            }
            long dueAt = head.attempts > 0 ? head.notBefore : Math.max(head.notBefore, head.enqueuedAt + lingerNanos);
            wait = Math.min(wait, Math.max(0, dueAt - now));
        }
        return wait;
    }

    /**
     * Applies a PutRecords response: entries without an error code are in and leave the buffer;
     * failed ones (throughput exceeded, internal failure) stay at the head of their key, due again
     * after an exponential backoff with jitter. The response's entries match the request's by index.
     */
    synchronized Outcome complete(Batch batch, PutRecordsResponse response, long now) {
        List<PutRecordsResultEntry> results = response.records();
        int sent = 0;
        int failed = 0;
        int retried = 0;
        int dropped = 0;
        var perShard = new LinkedHashMap<String, Integer>();
        var perCode = new LinkedHashMap<String, Integer>();
        for (int i = 0; i < batch.records().size(); i++) {
            Pending record = batch.records().get(i);
            PutRecordsResultEntry result = i < results.size() ? results.get(i) : null;
            if (result != null && result.errorCode() == null) {
                remove(record);
                sent++;
                perShard.merge(result.shardId(), 1, Integer::sum);
            } else {
                failed++;
                perCode.merge(result == null ? "Missing" : result.errorCode(), 1, Integer::sum);
                if (retryLater(record, now)) {
                    retried++;
                } else {
                    dropped++;
                }
            }
        }
        release(batch);
        return new Outcome(sent, failed, retried, dropped, perShard, perCode);
    }

    /** The whole call failed (throttled, stream missing, network): every record is retried. */
    synchronized Outcome fail(Batch batch, String reason, long now) {
        int retried = 0;
        int dropped = 0;
        for (Pending record : batch.records()) {
            if (retryLater(record, now)) {
                retried++;
            } else {
                dropped++;
            }
        }
        release(batch);
        return new Outcome(
                0,
                batch.records().size(),
                retried,
                dropped,
                Map.of(),
                Map.of(reason, batch.records().size()));
    }

    private boolean retryLater(Pending record, long now) {
        record.attempts++;
        if (record.attempts >= maxAttempts) {
            remove(record);
            return false;
        }
        // The SDK numbers attempts from 1 (the first try, no delay): the next one is attempts + 1.
        record.notBefore = now + backoff.computeDelay(record.attempts + 1).toNanos();
        return true;
    }

    private void remove(Pending record) {
        var queue = byKey.get(record.partitionKey);
        if (queue != null && queue.peekFirst() == record) {
            queue.pollFirst();
            size--;
            bytes -= record.bytes;
            if (queue.isEmpty()) {
                byKey.remove(record.partitionKey);
            }
        }
    }

    private void release(Batch batch) {
        batch.records().forEach(r -> inFlight.remove(r.partitionKey));
    }
}

package dev.awsref.analytics.drill;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Fault injection at the client, not a fake Kinesis: an SDK interceptor on the producer's client
 * that makes the emulator's stream look throttled, in the two ways Kinesis throttles PutRecords.
 *
 * <ul>
 *   <li>A whole call fails with {@code ProvisionedThroughputExceededException} (HTTP 400): the call
 *       is stopped before transmission, so nothing of it reaches the emulator.
 *   <li>A call succeeds with some entries failed ({@code ErrorCode}
 *       {@code ProvisionedThroughputExceededException}, {@code FailedRecordCount} > 0): those entries
 *       are taken out of the request before it is marshalled and put back, as failed, into the
 *       response at their original index. The emulator never stores a record the response calls
 *       failed, so a retry cannot put it in the stream twice.
 * </ul>
 *
 * <p>A record is made to fail at most {@link #MAX_FAILURES_PER_RECORD} times, under the producer's
 * attempts per record: the drill is about whether the producer retries, not about its give-up
 * rule, and a seeded random choice keeps runs comparable.
 */
public final class KinesisThrottlingInjector implements ExecutionInterceptor {

    static final String THROTTLED = "ProvisionedThroughputExceededException";
    static final int MAX_FAILURES_PER_RECORD = 3;

    /** Original size of the request, and which of its indices were taken out as failed. */
    private static final ExecutionAttribute<Removed> REMOVED = new ExecutionAttribute<>("drill.removed");

    private record Removed(int originalSize, boolean[] failed) {}

    private final double wholeCallRate;
    private final double recordRate;
    private final SplittableRandom random = new SplittableRandom(13);
    private final Map<SdkBytes, Integer> failuresPerRecord = new HashMap<>();
    private final AtomicInteger failedCalls = new AtomicInteger();
    private final AtomicInteger failedRecords = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean active;

    /**
     * @param wholeCallRate share of PutRecords calls refused as a whole
     * @param recordRate share of the entries of the other calls reported as failed
     */
    public KinesisThrottlingInjector(double wholeCallRate, double recordRate) {
        this.wholeCallRate = wholeCallRate;
        this.recordRate = recordRate;
    }

    public void start() {
        active = true;
    }

    public void stop() {
        active = false;
    }

    /** PutRecords calls refused as a whole. */
    public int failedCalls() {
        return failedCalls.get();
    }

    /** Entries reported as failed inside calls that succeeded. */
    public int failedRecords() {
        return failedRecords.get();
    }

    /** PutRecords calls seen while active. */
    public int calls() {
        return calls.get();
    }

    @Override
    public synchronized SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!active || !(context.request() instanceof PutRecordsRequest request)) {
            return context.request();
        }
        calls.incrementAndGet();
        var entries = request.records();
        if (random.nextDouble() < wholeCallRate && entries.stream().allMatch(e -> mayFail(e.data()))) {
            entries.forEach(e -> failuresPerRecord.merge(e.data(), 1, Integer::sum));
            failedCalls.incrementAndGet();
            throw ProvisionedThroughputExceededException.builder()
                    .statusCode(400)
                    .message("Rate exceeded for stream " + request.streamName() + " (injected by the drill)")
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode(THROTTLED)
                            .serviceName("Kinesis")
                            .errorMessage("Rate exceeded (injected by the drill)")
                            .build())
                    .build();
        }
        boolean[] failed = new boolean[entries.size()];
        var kept = new ArrayList<PutRecordsRequestEntry>();
        for (int i = 0; i < entries.size(); i++) {
            var entry = entries.get(i);
            // A call needs one entry at least: the last one is never taken out if all others were.
            boolean lastStanding = kept.isEmpty() && i == entries.size() - 1;
            if (!lastStanding && random.nextDouble() < recordRate && mayFail(entry.data())) {
                failed[i] = true;
                failuresPerRecord.merge(entry.data(), 1, Integer::sum);
            } else {
                kept.add(entry);
            }
        }
        if (kept.size() == entries.size()) {
            return request;
        }
        failedRecords.addAndGet(entries.size() - kept.size());
        attributes.putAttribute(REMOVED, new Removed(entries.size(), failed));
        return request.toBuilder().records(kept).build();
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        Removed removed = attributes.getAttribute(REMOVED);
        if (removed == null || !(context.response() instanceof PutRecordsResponse response)) {
            return context.response();
        }
        // Results match the request's entries by index: put the failed ones back where they were.
        List<PutRecordsResultEntry> sent = response.records();
        var results = new ArrayList<PutRecordsResultEntry>(removed.originalSize());
        int next = 0;
        int injected = 0;
        for (int i = 0; i < removed.originalSize(); i++) {
            if (removed.failed()[i]) {
                results.add(PutRecordsResultEntry.builder()
                        .errorCode(THROTTLED)
                        .errorMessage("Rate exceeded for shard (injected by the drill)")
                        .build());
                injected++;
            } else {
                results.add(sent.get(next++));
            }
        }
        int alreadyFailed = response.failedRecordCount() == null ? 0 : response.failedRecordCount();
        return response.toBuilder()
                .records(results)
                .failedRecordCount(alreadyFailed + injected)
                .build();
    }

    private boolean mayFail(SdkBytes data) {
        return failuresPerRecord.getOrDefault(data, 0) < MAX_FAILURES_PER_RECORD;
    }
}

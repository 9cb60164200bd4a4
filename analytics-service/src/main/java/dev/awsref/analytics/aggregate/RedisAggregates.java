package dev.awsref.analytics.aggregate;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Live figures in Redis (ElastiCache), under a namespace so a replay can rebuild them next to the
 * live ones. Each update is one Lua script, so it is atomic, and it records the highest sequence
 * number applied per user and shard: a record delivered again (after a crash before the
 * checkpoint, or in a replay) changes nothing. The namespace is a hash tag, so on a Redis cluster
 * all of one namespace's keys share a slot and the multi-key script is allowed.
 */
public class RedisAggregates {

    private static final RedisScript<Long> APPLY_ACTIVITY = RedisScript.of("""
            local applied = redis.call('HGET', KEYS[1], ARGV[1])
            if applied and applied >= ARGV[2] then return 0 end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('HINCRBY', KEYS[1], 'total', 1)
            redis.call('HINCRBY', KEYS[1], ARGV[3], 1)
            redis.call('ZADD', KEYS[3], 'GT', ARGV[4], ARGV[5])
            if ARGV[6] ~= '' then
              redis.call('ZINCRBY', KEYS[4], 1, ARGV[6])
              redis.call('ZINCRBY', KEYS[5], 1, ARGV[6])
            end
            redis.call('RPUSH', KEYS[2], ARGV[7])
            redis.call('LTRIM', KEYS[2], -tonumber(ARGV[8]), -1)
            return 1
            """, Long.class);

    private static final RedisScript<Long> APPLY_ORDER = RedisScript.of("""
            if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
            redis.call('HINCRBY', KEYS[2], 'orders', 1)
            redis.call('HINCRBY', KEYS[2], 'spend-cents', ARGV[2])
            for i = 3, #ARGV, 2 do
              redis.call('ZINCRBY', KEYS[3], ARGV[i + 1], ARGV[i])
            end
            return 1
            """, Long.class);

    private static final RedisScript<Long> CLAIM_EVENT = RedisScript.of("""
            local first = redis.call('GET', KEYS[1])
            if first and first ~= ARGV[1] then return 0 end
            if not first then redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2]) end
            return 1
            """, Long.class);

    private static final RedisScript<Long> RELEASE_EVENT = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final String namespace;
    private final int recentEvents;
    private final Duration duplicateWindow;

    /**
     * @param duplicateWindow how long an event id is remembered: a producer's duplicate follows the
     *     original within its retry time (seconds), so this only has to outlast that plus any pause
     *     of the consumer between the two records; one key per event lives this long
     */
    public RedisAggregates(StringRedisTemplate redis, String namespace, int recentEvents, Duration duplicateWindow) {
        this.duplicateWindow = duplicateWindow;
        this.redis = redis;
        this.namespace = namespace;
        this.recentEvents = recentEvents;
    }

    /** Where an environment's aggregates live in Redis: its prefix, or {@code live} for none. */
    public static String namespaceOf(String prefix) {
        return prefix.isEmpty() ? "live" : prefix;
    }

    public String namespace() {
        return namespace;
    }

    private String key(String... parts) {
        return "analytics:{" + namespace + "}:" + String.join(":", parts);
    }

    /** Applies one record; false if this record (or a later one of its shard) was already applied. */
    public boolean apply(AppliedActivity record) {
        var a = record.activity();
        String type = a.activityType().name();
        String item = a.itemId() == null ? "" : a.itemId();
        String recent = a.occurredAt() + "|" + type + "|" + item + "|" + record.eventId();
        Long applied = redis.execute(
                APPLY_ACTIVITY,
                List.of(
                        key("user", a.userId()),
                        key("recent", a.userId()),
                        key("active"),
                        key("top-items"),
                        key("top-items", type)),
                "seq:" + record.shardId(),
                SequenceNumbers.comparable(record.sequenceNumber()),
                type,
                Long.toString(a.occurredAt().toEpochMilli()),
                a.userId(),
                item,
                recent,
                Integer.toString(recentEvents));
        return applied != null && applied == 1L;
    }

    /**
     * Ties an event id to the first record that carried it. A producer retry after an ambiguous
     * failure (a timed-out PutRecords that had in fact succeeded) writes the same event again under a
     * new sequence number, which sequence-number idempotency cannot see; this can. The same record
     * delivered again (a KCL redelivery or a replay) still passes, so its stores stay idempotent.
     *
     * @return false if another record already carried this event
     */
    public boolean claimEvent(String eventId, String shardId, String sequenceNumber) {
        Long first = redis.execute(
                CLAIM_EVENT,
                List.of(key("event", eventId)),
                shardId + "/" + sequenceNumber,
                Long.toString(duplicateWindow.toSeconds()));
        return first != null && first == 1L;
    }

    /**
     * Undoes {@link #claimEvent} for a record that was dead-lettered, if that record holds the
     * claim: its replay comes back as a new record (a new sequence number) and must count.
     */
    public void releaseEvent(String eventId, String shardId, String sequenceNumber) {
        redis.execute(RELEASE_EVENT, List.of(key("event", eventId)), shardId + "/" + sequenceNumber);
    }

    /**
     * Records an order's purchases once per event id (standard SQS delivers at least once). Spend is
     * kept in whole cents with HINCRBY: HINCRBYFLOAT is a double, and 1,249.90 read back as
     * 1249.90000000000000002.
     *
     * @throws ArithmeticException if the total has fractions of a cent (the order API refuses them, so
     *     such an event is malformed and goes to the queue's DLQ)
     */
    public boolean applyOrder(String eventId, String customerId, BigDecimal total, Map<String, Integer> quantities) {
        var args = new java.util.ArrayList<String>();
        args.add(Long.toString(Duration.ofDays(7).toSeconds()));
        args.add(total.movePointRight(2).longValueExact() + "");
        quantities.forEach((product, quantity) -> {
            args.add(product);
            args.add(Integer.toString(quantity));
        });
        Long applied = redis.execute(
                APPLY_ORDER,
                List.of(key("order-event", eventId), key("user", customerId), key("top-purchased")),
                args.toArray());
        return applied != null && applied == 1L;
    }

    /** A user's counters: total, one per activity type, orders and spend (a decimal, from its cents). */
    public Map<String, String> counters(String userId) {
        var counters = new java.util.TreeMap<String, String>();
        redis.<String, String>opsForHash().entries(key("user", userId)).forEach((field, value) -> {
            if (field.equals("spend-cents")) {
                counters.put(
                        "spend", BigDecimal.valueOf(Long.parseLong(value), 2).toPlainString());
            } else if (!field.startsWith("seq:")) {
                counters.put(field, value);
            }
        });
        return counters;
    }

    /** The user's latest events, oldest first: occurredAt|type|itemId|eventId. */
    public List<String> recent(String userId) {
        return redis.opsForList().range(key("recent", userId), 0, -1);
    }

    /** Users seen within {@code window} of {@code now} (by event time). */
    public long activeUsers(Instant now, Duration window) {
        Long count =
                redis.opsForZSet().count(key("active"), now.minus(window).toEpochMilli(), Double.POSITIVE_INFINITY);
        return count == null ? 0 : count;
    }

    /** The top items by events, for all types ({@code type} null) or one. */
    public Map<String, Long> topItems(String type, int limit) {
        return top(type == null ? key("top-items") : key("top-items", type), limit);
    }

    public Map<String, Long> topPurchased(int limit) {
        return top(key("top-purchased"), limit);
    }

    private Map<String, Long> top(String key, int limit) {
        var top = new LinkedHashMap<String, Long>();
        var entries = redis.opsForZSet().reverseRangeWithScores(key, 0, limit - 1L);
        if (entries != null) {
            for (ZSetOperations.TypedTuple<String> e : entries) {
                top.put(e.getValue(), e.getScore() == null ? 0 : e.getScore().longValue());
            }
        }
        return top;
    }
}

package dev.awsref.analytics.aggregate;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Daily per-user aggregates in DynamoDB {@code user-activity-daily}: partition key userId, sort key
 * day; GSI {@code by-day} lists one day across users; LSI {@code by-event-count} sorts one user's
 * days by how much they did. Each update is conditional on the highest sequence number applied for
 * that item from that shard ({@code seq_<shardId>}), so a record applied twice counts once.
 */
public class DailyActivityTable {

    public static final String BY_DAY = "by-day";
    public static final String BY_EVENT_COUNT = "by-event-count";

    private final DynamoDbAsyncClient dynamo;
    private final String table;

    public DailyActivityTable(DynamoDbAsyncClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static String dayOf(java.time.Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    /** One day's figures for one user; per-type counts are attributes named after the type. */
    public record Day(String userId, String day, long eventCount, Map<String, Long> perType) {}

    /** Applies one record; false if it had been applied already. */
    public boolean apply(AppliedActivity record) {
        var a = record.activity();
        try {
            dynamo.updateItem(b -> b.tableName(table)
                            .key(Map.of(
                                    "userId", s(a.userId()),
                                    "day", s(dayOf(a.occurredAt()))))
                            .updateExpression("SET #seq = :seq ADD eventCount :one, #type :one")
                            .conditionExpression("attribute_not_exists(#seq) OR #seq < :seq")
                            .expressionAttributeNames(Map.of(
                                    "#seq",
                                    "seq_" + record.shardId(),
                                    "#type",
                                    a.activityType().name()))
                            .expressionAttributeValues(Map.of(
                                    ":seq", s(SequenceNumbers.comparable(record.sequenceNumber())),
                                    ":one", AttributeValue.fromN("1"))))
                    .join();
            return true;
        } catch (CompletionException e) {
            if (e.getCause() instanceof ConditionalCheckFailedException) {
                return false;
            }
            throw e;
        }
    }

    public java.util.Optional<Day> get(String userId, String day) {
        var item = dynamo.getItem(b -> b.tableName(table)
                        .key(Map.of("userId", s(userId), "day", s(day)))
                        .consistentRead(true))
                .join()
                .item();
        return item == null || item.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(toDay(item));
    }

    /** GSI: everyone active on {@code day}, by user id. */
    public List<Day> usersActiveOn(String day, int limit) {
        return dynamo
                .query(b -> b.tableName(table)
                        .indexName(BY_DAY)
                        .keyConditionExpression("#day = :day")
                        .expressionAttributeNames(Map.of("#day", "day"))
                        .expressionAttributeValues(Map.of(":day", s(day)))
                        .limit(limit))
                .join()
                .items()
                .stream()
                .map(DailyActivityTable::toDay)
                .toList();
    }

    /** LSI: one user's days, busiest first. */
    public List<Day> busiestDays(String userId, int limit) {
        return dynamo
                .query(b -> b.tableName(table)
                        .indexName(BY_EVENT_COUNT)
                        .keyConditionExpression("userId = :user")
                        .expressionAttributeValues(Map.of(":user", s(userId)))
                        .scanIndexForward(false)
                        .limit(limit))
                .join()
                .items()
                .stream()
                .map(DailyActivityTable::toDay)
                .toList();
    }

    private static Day toDay(Map<String, AttributeValue> item) {
        var perType = new LinkedHashMap<String, Long>();
        for (var type : dev.awsref.platform.events.ActivityType.values()) {
            AttributeValue v = item.get(type.name());
            if (v != null && v.n() != null) {
                perType.put(type.name(), Long.parseLong(v.n()));
            }
        }
        AttributeValue count = item.get("eventCount");
        return new Day(
                item.get("userId").s(), item.get("day").s(), count == null ? 0 : Long.parseLong(count.n()), perType);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}

package dev.awsref.analytics.aggregate;

import dev.awsref.analytics.AnalyticsProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read API over the aggregates the consumer keeps in Redis and DynamoDB. */
@RestController
@RequestMapping("/api")
class AggregateController {

    private final RedisAggregates live;
    private final DailyActivityTable daily;
    private final Duration defaultWindow;
    private final Clock clock = Clock.systemUTC();

    AggregateController(RedisAggregates live, DailyActivityTable daily, AnalyticsProperties properties) {
        this.live = live;
        this.daily = daily;
        this.defaultWindow = properties.aggregates().activeWindow();
    }

    record UserFigures(String userId, Map<String, String> counters, List<String> recent) {}

    record ActiveUsers(Duration window, long users) {}

    /** Live counters (Redis): total and per type, purchases from orders, the latest events. */
    @GetMapping("/users/{userId}/activity")
    UserFigures user(@PathVariable String userId) {
        return new UserFigures(userId, live.counters(userId), live.recent(userId));
    }

    /** Users with an event in the sliding window (Redis sorted set by last-seen time). */
    @GetMapping("/activity/active-users")
    ActiveUsers activeUsers(@RequestParam(required = false) Duration window) {
        Duration w = window == null ? defaultWindow : window;
        return new ActiveUsers(w, live.activeUsers(clock.instant(), w));
    }

    /** Leaderboard of items by events, for one activity type or all. */
    @GetMapping("/items/top")
    Map<String, Long> topItems(
            @RequestParam(required = false) String type, @RequestParam(defaultValue = "10") int limit) {
        return live.topItems(type, Math.clamp(limit, 1, 100));
    }

    /** Leaderboard of products by quantity ordered (from order events). */
    @GetMapping("/items/top-purchased")
    Map<String, Long> topPurchased(@RequestParam(defaultValue = "10") int limit) {
        return live.topPurchased(Math.clamp(limit, 1, 100));
    }

    /** One user's day (DynamoDB, by key). */
    @GetMapping("/users/{userId}/days/{day}")
    ResponseEntity<DailyActivityTable.Day> day(@PathVariable String userId, @PathVariable String day) {
        return ResponseEntity.of(daily.get(userId, day));
    }

    /** One user's days, busiest first (the LSI by-event-count). */
    @GetMapping("/users/{userId}/days")
    List<DailyActivityTable.Day> busiestDays(
            @PathVariable String userId, @RequestParam(defaultValue = "30") int limit) {
        return daily.busiestDays(userId, Math.clamp(limit, 1, 366));
    }

    /** Everyone active on a day (the GSI by-day). */
    @GetMapping("/days/{day}/users")
    List<DailyActivityTable.Day> usersOn(@PathVariable String day, @RequestParam(defaultValue = "100") int limit) {
        return daily.usersActiveOn(day, Math.clamp(limit, 1, 1000));
    }
}

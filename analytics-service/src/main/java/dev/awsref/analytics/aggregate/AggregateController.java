package dev.awsref.analytics.aggregate;

import dev.awsref.analytics.AnalyticsProperties;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read API over the aggregates the consumer keeps in Redis and DynamoDB. Path variables and
 * parameters are checked before they reach Redis or DynamoDB (a 400 naming the parameter): a user id
 * as the ingest API accepts it, a day as {@code yyyy-MM-dd}, a window of one second to 30 days.
 * Who may read what is {@code SecurityConfiguration}'s business.
 */
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
    UserFigures user(@PathVariable @UserId String userId) {
        return new UserFigures(userId, live.counters(userId), live.recent(userId));
    }

    /** Users with an event in the sliding window (Redis sorted set by last-seen time). */
    @GetMapping("/activity/active-users")
    ActiveUsers activeUsers(
            @RequestParam(required = false) @DurationMin(seconds = 1) @DurationMax(days = 30) Duration window) {
        Duration w = window == null ? defaultWindow : window;
        return new ActiveUsers(w, live.activeUsers(clock.instant(), w));
    }

    /** Leaderboard of items by events, for one activity type or all. */
    @GetMapping("/items/top")
    Map<String, Long> topItems(
            @RequestParam(required = false) @Size(max = 32) String type, @RequestParam(defaultValue = "10") int limit) {
        return live.topItems(type, Math.clamp(limit, 1, 100));
    }

    /** Leaderboard of products by quantity ordered (from order events). */
    @GetMapping("/items/top-purchased")
    Map<String, Long> topPurchased(@RequestParam(defaultValue = "10") int limit) {
        return live.topPurchased(Math.clamp(limit, 1, 100));
    }

    /** One user's day (DynamoDB, by key). */
    @GetMapping("/users/{userId}/days/{day}")
    DailyActivityTable.Day day(@PathVariable @UserId String userId, @PathVariable @Day String day) {
        return daily.get(userId, day).orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND));
    }

    /** One user's days, busiest first (the LSI by-event-count). */
    @GetMapping("/users/{userId}/days")
    List<DailyActivityTable.Day> busiestDays(
            @PathVariable @UserId String userId, @RequestParam(defaultValue = "30") int limit) {
        return daily.busiestDays(userId, Math.clamp(limit, 1, 366));
    }

    /** Everyone active on a day (the GSI by-day). */
    @GetMapping("/days/{day}/users")
    List<DailyActivityTable.Day> usersOn(@PathVariable @Day String day, @RequestParam(defaultValue = "100") int limit) {
        return daily.usersActiveOn(day, Math.clamp(limit, 1, 1000));
    }

    /** A user id as the ingest API accepts one: 1 to 256 characters, no control characters. */
    @NotBlank
    @Size(max = 256)
    @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not contain control characters")
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @interface UserId {
        String message() default "must be a user id";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** A day as the aggregates key it: {@code 2026-01-31}. */
    @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}", message = "must be a day such as 2026-01-31")
    @Constraint(validatedBy = {})
    @Target({ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @interface Day {
        String message() default "must be a day such as 2026-01-31";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }
}

package dev.awsref.notification.snshttp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;

/**
 * MessageIds of verified deliveries this instance has handled, each kept as long as a message
 * with its Timestamp would still be fresh ({@code maxAge + clockSkew}), in a bounded cache. With
 * the freshness check this refuses a replay: within the window the id is known, after it the
 * Timestamp is too old. It also answers SNS's own retries of a delivery it already handled (same
 * MessageId) without acting twice. Only verified messages are remembered, so a sender without
 * SNS's key cannot fill it. Across instances, and beyond the bound, the emails' idempotency record
 * (processed_notification) still keeps an event from being mailed twice.
 */
@Component
class SeenMessages {

    private final Cache<String, Boolean> seen;

    SeenMessages(SnsHttpProperties properties) {
        this.seen = Caffeine.newBuilder()
                .maximumSize(properties.seenMessagesSize())
                .expireAfterWrite(properties.maxAge().plus(properties.clockSkew()))
                .build();
    }

    boolean contains(String messageId) {
        return seen.getIfPresent(messageId) != null;
    }

    void remember(String messageId) {
        seen.put(messageId, Boolean.TRUE);
    }
}

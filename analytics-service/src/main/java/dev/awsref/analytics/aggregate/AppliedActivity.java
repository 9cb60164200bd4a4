package dev.awsref.analytics.aggregate;

import dev.awsref.platform.events.UserActivity;

/**
 * One activity record as the consumer applies it: the event, its id, and where it sat in the
 * stream. (shardId, sequenceNumber) identifies the record, which is what makes applying it
 * idempotent.
 */
public record AppliedActivity(String eventId, UserActivity activity, String shardId, String sequenceNumber) {}

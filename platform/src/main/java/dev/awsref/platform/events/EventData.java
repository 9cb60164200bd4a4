package dev.awsref.platform.events;

/**
 * The payload of an event. Sealed so that {@link EventType} can register every payload and a
 * consumer's {@code switch} over the data is checked for exhaustiveness when an event is added.
 */
public sealed interface EventData permits OrderPlaced, OrderPaid, OrderShipped, OrderCancelled, UserActivity {}

package dev.awsref.order.ordering;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is in its life: placed -> paid -> shipped, and placed or paid -> cancelled. The
 * allowed moves are data, so the state machine reads in one place.
 */
public enum OrderStatus {
    PLACED,
    PAID,
    SHIPPED,
    CANCELLED;

    /** The statuses this one may move to. */
    public Set<OrderStatus> next() {
        return switch (this) {
            case PLACED -> EnumSet.of(PAID, CANCELLED);
            case PAID -> EnumSet.of(SHIPPED, CANCELLED);
            case SHIPPED, CANCELLED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }
}

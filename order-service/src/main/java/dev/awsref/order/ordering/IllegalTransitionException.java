package dev.awsref.order.ordering;

/** A state change the state machine does not allow, e.g. shipping a cancelled order. Answered with 409. */
public class IllegalTransitionException extends RuntimeException {

    private final OrderStatus from;
    private final OrderStatus to;

    public IllegalTransitionException(OrderStatus from, OrderStatus to) {
        super("an order that is " + from + " cannot become " + to + "; allowed next: " + from.next());
        this.from = from;
        this.to = to;
    }

    public OrderStatus from() {
        return from;
    }

    public OrderStatus to() {
        return to;
    }
}

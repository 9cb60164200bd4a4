package dev.awsref.order.ordering;

import java.util.UUID;

/** No such order, or not one the caller may see: both are answered 404, so ids cannot be probed. */
public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(UUID id) {
        super("order " + id + " not found");
    }
}

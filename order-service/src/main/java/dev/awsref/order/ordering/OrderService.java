package dev.awsref.order.ordering;

import dev.awsref.order.cache.OrderCache;
import dev.awsref.order.outbox.OutboxWriter;
import dev.awsref.platform.events.EventData;
import dev.awsref.platform.events.EventEnvelope;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The use cases. Every change writes the order and its event to the outbox in one transaction and
 * evicts the cached order after the commit.
 */
@Service
public class OrderService {

    static final String SOURCE = "order-service";

    private final OrderRepository orders;
    private final IdempotencyKeys idempotencyKeys;
    private final OutboxWriter outbox;
    private final OrderCache cache;
    private final Clock clock;
    private final PlacedOrders placedOrders;

    public OrderService(
            OrderRepository orders,
            IdempotencyKeys idempotencyKeys,
            OutboxWriter outbox,
            OrderCache cache,
            Clock clock,
            PlacedOrders placedOrders) {
        this.orders = orders;
        this.idempotencyKeys = idempotencyKeys;
        this.outbox = outbox;
        this.cache = cache;
        this.clock = clock;
        this.placedOrders = placedOrders;
    }

    public record NewOrder(String customerId, String currency, List<OrderLine> lines) {}

    public record Placed(OrderView order, boolean replayed) {}

    /**
     * Places an order. With an idempotency key, the same key and request return the first order
     * ({@code replayed}); the same key with another request is refused.
     */
    @Transactional
    public Placed place(Caller caller, NewOrder request, Optional<String> idempotencyKey, String requestHash) {
        String customerId = caller.customerId().orElse(request.customerId());
        if (caller.customerId().isPresent()
                && request.customerId() != null
                && !request.customerId().equals(customerId)) {
            throw new ForbiddenException("a customer can only place orders for themselves");
        }
        UUID id = UUID.randomUUID();
        if (idempotencyKey.isPresent()) {
            var earlier = idempotencyKeys.claim(customerId, idempotencyKey.get(), requestHash, id);
            if (earlier.isPresent()) {
                if (!earlier.get().requestHash().equals(requestHash)) {
                    throw new IdempotencyKeyReusedException(idempotencyKey.get());
                }
                Order first = orders.find(earlier.get().orderId())
                        .orElseThrow(
                                () -> new OrderNotFoundException(earlier.get().orderId()));
                return new Placed(OrderView.of(first), true);
            }
        }
        Order.Change placed = Order.place(id, customerId, request.currency(), request.lines(), clock.instant());
        orders.insert(placed.order());
        outbox.append(envelope(placed));
        placedOrders.countOnCommit();
        return new Placed(OrderView.of(placed.order()), false);
    }

    public OrderView get(Caller caller, UUID id) {
        OrderView view = cache.getOrLoad(
                        id, OrderView.class, () -> orders.find(id).map(OrderView::of))
                .orElseThrow(() -> new OrderNotFoundException(id));
        if (!caller.owns(view.customerId())) {
            throw new OrderNotFoundException(id);
        }
        return view;
    }

    public record Page(List<OrderView> items, int page, int size, long totalItems) {}

    public Page list(Caller caller, String customerId, int page, int size) {
        String whose = caller.customerId().orElse(customerId);
        List<OrderView> items = orders.findByCustomer(whose, page, size).stream()
                .map(OrderView::of)
                .toList();
        return new Page(items, page, size, orders.countByCustomer(whose));
    }

    @Transactional
    public OrderView pay(Caller caller, UUID id) {
        return change(caller, id, order -> order.pay(clock.instant()));
    }

    @Transactional
    public OrderView ship(Caller caller, UUID id, String carrier, String trackingNumber) {
        if (!caller.mayShip()) {
            throw new ForbiddenException("shipping needs the orders/ship scope");
        }
        // The warehouse ships any customer's order: ownership does not apply to this scope.
        return change(Caller.unrestricted(), id, order -> order.ship(carrier, trackingNumber, clock.instant()));
    }

    @Transactional
    public OrderView cancel(Caller caller, UUID id, String reason) {
        return change(caller, id, order -> order.cancel(reason, clock.instant()));
    }

    private OrderView change(Caller caller, UUID id, Function<Order, Order.Change> transition) {
        Order current = orders.findForUpdate(id)
                .filter(order -> caller.owns(order.customerId()))
                .orElseThrow(() -> new OrderNotFoundException(id));
        Order.Change change = transition.apply(current);
        orders.update(change.order());
        outbox.append(envelope(change));
        evictAfterCommit(id);
        return OrderView.of(change.order());
    }

    private EventEnvelope<EventData> envelope(Order.Change change) {
        return EventEnvelope.of(SOURCE, change.order().id().toString(), change.event(), clock);
    }

    /**
     * After the commit: evicting earlier would let a concurrent reader cache the old row again. A
     * reader that loaded the old row just before the commit can still store it after the evict; the
     * TTL bounds how long that stale entry lives.
     */
    private void evictAfterCommit(UUID id) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                cache.evict(id);
            }
        });
    }
}

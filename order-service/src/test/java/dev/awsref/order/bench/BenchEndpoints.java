package dev.awsref.order.bench;

import dev.awsref.order.ordering.Order;
import dev.awsref.order.ordering.OrderLine;
import dev.awsref.order.ordering.OrderRepository;
import dev.awsref.order.ordering.OrderRequests;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Baselines for the benchmark only (test sources, never in the jar): the same order insert without
 * the outbox row, and the same read without the cache.
 */
@RestController
class BenchEndpoints {

    private final OrderRepository orders;
    private final TransactionTemplate transactions;
    private final Clock clock;

    BenchEndpoints(OrderRepository orders, TransactionTemplate transactions, Clock clock) {
        this.orders = orders;
        this.transactions = transactions;
        this.clock = clock;
    }

    @PostMapping("/bench/orders-without-outbox")
    ResponseEntity<Map<String, Object>> insertOnly(@Valid @RequestBody OrderRequests.CreateOrder body) {
        var lines = body.lines().stream()
                .map(l -> new OrderLine(l.productId(), l.quantity(), l.unitPrice()))
                .toList();
        Order order = Order.place(UUID.randomUUID(), body.customerId(), body.currency(), lines, clock.instant())
                .order();
        transactions.executeWithoutResult(status -> orders.insert(order));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", order.id()));
    }

    @GetMapping("/bench/orders-uncached/{id}")
    Order uncached(@PathVariable UUID id) {
        return orders.find(id).orElseThrow();
    }
}

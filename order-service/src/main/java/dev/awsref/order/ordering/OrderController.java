package dev.awsref.order.ordering;

import dev.awsref.order.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

// No class-level @Validated: with it the @Min/@Max below are checked by an AOP proxy whose
// ConstraintViolationException nothing maps (a 500); without it Spring MVC checks them and the
// advice answers 400 naming the parameter.
@RestController
@RequestMapping("/api/orders")
public class OrderController {

    private final OrderService service;
    private final Callers callers;
    private final JsonMapper json;

    public OrderController(OrderService service, Callers callers, JsonMapper json) {
        this.service = service;
        this.callers = callers;
        this.json = json;
    }

    @Operation(
            summary = "Place an order",
            description = "Same Idempotency-Key and body: the first result again"
                    + " (header Idempotent-Replayed: true). Same key, other body: 422.")
    @PostMapping
    public ResponseEntity<OrderView> create(
            @Valid @RequestBody OrderRequests.CreateOrder body,
            @Parameter(description = "client-chosen key, up to 128 characters")
                    @RequestHeader(name = "Idempotency-Key", required = false)
                    String idempotencyKey) {
        Caller caller = callers.current();
        if (caller.customerId().isEmpty()
                && (body.customerId() == null || body.customerId().isBlank())) {
            throw new InvalidFieldException("customerId", "is required when the request carries no token");
        }
        if (idempotencyKey != null && idempotencyKey.length() > 128) {
            throw new InvalidFieldException("Idempotency-Key", "must be at most 128 characters");
        }
        if (idempotencyKey != null && idempotencyKey.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidFieldException("Idempotency-Key", "must not contain control characters");
        }
        var lines = body.lines().stream()
                .map(l -> new OrderLine(l.productId(), l.quantity(), l.unitPrice()))
                .toList();
        BigDecimal total = lines.stream().map(OrderLine::subtotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (total.compareTo(OrderRequests.MAX_TOTAL) > 0) {
            throw new InvalidFieldException(
                    "lines",
                    "the order total (quantity x unitPrice, summed) must be at most "
                            + OrderRequests.MAX_TOTAL.toPlainString()
                            + ", the largest total SNS subscription filters compare; this one is "
                            + total.toPlainString());
        }
        var placed = service.place(
                caller,
                new OrderService.NewOrder(body.customerId(), body.currency(), lines),
                Optional.ofNullable(idempotencyKey).filter(k -> !k.isBlank()),
                idempotencyKey == null ? null : hash(body));
        var response = ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/orders/" + placed.order().id()));
        if (placed.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(placed.order());
    }

    @Operation(summary = "One order (cached in Redis or Memcached)")
    @GetMapping("/{id}")
    public OrderView get(@PathVariable UUID id) {
        return service.get(callers.current(), id);
    }

    @Operation(summary = "A customer's orders, newest first")
    @GetMapping
    public OrderService.Page list(
            @RequestParam(required = false) @Size(max = 64) @PlainText String customerId,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        Caller caller = callers.current();
        if (caller.customerId().isEmpty() && (customerId == null || customerId.isBlank())) {
            throw new InvalidFieldException("customerId", "is required when the request carries no token");
        }
        return service.list(caller, customerId, page, size);
    }

    @Operation(summary = "Pay a placed order")
    @PostMapping("/{id}/pay")
    public OrderView pay(@PathVariable UUID id) {
        return service.pay(callers.current(), id);
    }

    @Operation(summary = "Ship a paid order (needs the orders/ship scope)")
    @PostMapping("/{id}/ship")
    public OrderView ship(@PathVariable UUID id, @Valid @RequestBody OrderRequests.Ship body) {
        return service.ship(callers.current(), id, body.carrier(), body.trackingNumber());
    }

    @Operation(summary = "Cancel a placed or paid order")
    @PostMapping("/{id}/cancel")
    public OrderView cancel(@PathVariable UUID id, @Valid @RequestBody OrderRequests.Cancel body) {
        return service.cancel(callers.current(), id, body.reason());
    }

    /** The hash of the parsed body, so whitespace and key order do not make a request "different". */
    private String hash(OrderRequests.CreateOrder body) {
        try {
            byte[] canonical = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}

package dev.awsref.order.ordering;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Orders and their lines in PostgreSQL, with plain SQL. */
@Repository
public class OrderRepository {

    private static final String COLUMNS = "id, customer_id, status, currency, total, carrier, tracking_number,"
            + " cancel_reason, created_at, updated_at, version";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    public OrderRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    public void insert(Order order) {
        jdbc.sql("INSERT INTO orders (" + COLUMNS + ") VALUES (:id, :customer, :status, :currency, :total,"
                        + " :carrier, :tracking, :reason, :created, :updated, :version)")
                .param("id", order.id())
                .param("customer", order.customerId())
                .param("status", order.status().name())
                .param("currency", order.currency())
                .param("total", order.total())
                .param("carrier", order.carrier())
                .param("tracking", order.trackingNumber())
                .param("reason", order.cancelReason())
                .param("created", Timestamp.from(order.createdAt()))
                .param("updated", Timestamp.from(order.updatedAt()))
                .param("version", order.version())
                .update();
        List<Object[]> lines = new ArrayList<>();
        for (int lineNo = 0; lineNo < order.lines().size(); lineNo++) {
            OrderLine line = order.lines().get(lineNo);
            lines.add(new Object[] {order.id(), lineNo, line.productId(), line.quantity(), line.unitPrice()});
        }
        // One batched statement for all lines rather than a round trip per line.
        jdbcTemplate.batchUpdate(
                "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price) VALUES (?, ?, ?, ?, ?)",
                lines);
    }

    /** Writes a changed order if nobody changed it since it was read. */
    public void update(Order order) {
        int updated = jdbc.sql("UPDATE orders SET status = :status, carrier = :carrier, tracking_number = :tracking,"
                        + " cancel_reason = :reason, updated_at = :updated, version = :version"
                        + " WHERE id = :id AND version = :previous")
                .param("status", order.status().name())
                .param("carrier", order.carrier())
                .param("tracking", order.trackingNumber())
                .param("reason", order.cancelReason())
                .param("updated", Timestamp.from(order.updatedAt()))
                .param("version", order.version())
                .param("id", order.id())
                .param("previous", order.version() - 1)
                .update();
        if (updated != 1) {
            throw new OptimisticLockingFailureException("order " + order.id() + " was changed concurrently");
        }
    }

    public Optional<Order> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = ?")
                .param(id)
                .query((rs, n) -> header(rs))
                .optional()
                .map(this::withLines);
    }

    /** Locks the row until the transaction ends, so two changes to one order queue up. */
    public Optional<Order> findForUpdate(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE id = ? FOR UPDATE")
                .param(id)
                .query((rs, n) -> header(rs))
                .optional()
                .map(this::withLines);
    }

    public List<Order> findByCustomer(String customerId, int page, int size) {
        List<Order> headers = jdbc.sql("SELECT " + COLUMNS + " FROM orders WHERE customer_id = ?"
                        + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(customerId, size, (long) page * size)
                .query((rs, n) -> header(rs))
                .list();
        if (headers.isEmpty()) {
            return headers;
        }
        Map<UUID, List<OrderLine>> lines = new LinkedHashMap<>();
        jdbc.sql("SELECT order_id, product_id, quantity, unit_price FROM order_lines"
                        + " WHERE order_id = ANY(?) ORDER BY order_id, line_no")
                .param(headers.stream().map(Order::id).toArray(UUID[]::new))
                .query(rs -> {
                    lines.computeIfAbsent(rs.getObject("order_id", UUID.class), k -> new ArrayList<>())
                            .add(line(rs));
                });
        return headers.stream()
                .map(o -> copyWithLines(o, lines.getOrDefault(o.id(), List.of())))
                .toList();
    }

    public long countByCustomer(String customerId) {
        return jdbc.sql("SELECT count(*) FROM orders WHERE customer_id = ?")
                .param(customerId)
                .query(Long.class)
                .single();
    }

    private Order withLines(Order header) {
        List<OrderLine> lines = jdbc.sql("SELECT product_id, quantity, unit_price FROM order_lines"
                        + " WHERE order_id = ? ORDER BY line_no")
                .param(header.id())
                .query((rs, n) -> line(rs))
                .list();
        return copyWithLines(header, lines);
    }

    private static Order copyWithLines(Order o, List<OrderLine> lines) {
        return new Order(
                o.id(),
                o.customerId(),
                o.status(),
                o.currency(),
                o.total(),
                lines,
                o.carrier(),
                o.trackingNumber(),
                o.cancelReason(),
                o.createdAt(),
                o.updatedAt(),
                o.version());
    }

    private static OrderLine line(ResultSet rs) throws SQLException {
        return new OrderLine(rs.getString("product_id"), rs.getInt("quantity"), rs.getBigDecimal("unit_price"));
    }

    private static Order header(ResultSet rs) throws SQLException {
        return new Order(
                rs.getObject("id", UUID.class),
                rs.getString("customer_id"),
                OrderStatus.valueOf(rs.getString("status")),
                rs.getString("currency"),
                rs.getBigDecimal("total"),
                List.of(),
                rs.getString("carrier"),
                rs.getString("tracking_number"),
                rs.getString("cancel_reason"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("version"));
    }
}

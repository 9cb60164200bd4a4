package dev.awsref.order.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.OrderServiceIT;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Cache-aside on a real engine, the same sentences for each: {@link RedisCacheAsideIT} and
 * {@link MemcachedCacheAsideIT}. The entry is read with the engine's own client, not through the
 * service's cache code.
 */
@OrderServiceIT(properties = "app.outbox.relay-enabled=false")
abstract class CacheAsideContract {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CacheStore store;

    Api api;
    String customer;

    /** {@code redis} or {@code memcached}. */
    abstract String engine();

    /** The entry under {@code key}, read with the engine's own client. */
    abstract Optional<String> entry(String key);

    @BeforeEach
    void newCustomer() {
        api = new Api(port);
        customer = engine() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aReadFillsTheCacheAHitSkipsPostgresAndAStateChangeEvictsTheEntry() {
        assertThat(store.engine()).as("the engine the service runs on").isEqualTo(engine());
        String orderId = placeOrder();
        String key = OrderCache.key(UUID.fromString(orderId));
        double hitsBefore = counter("hit");

        assertThat(api.get("/api/orders/" + orderId).json().get("status").asString())
                .isEqualTo("PLACED");
        assertThat(entry(key))
                .hasValueSatisfying(json -> assertThat(json).contains(orderId).contains("\"PLACED\""));
        assertThat(api.get("/api/orders/" + orderId).status()).isEqualTo(200);
        assertThat(counter("hit")).isGreaterThan(hitsBefore);

        assertThat(api.post("/api/orders/" + orderId + "/pay", "").status()).isEqualTo(200);
        assertThat(entry(key)).isEmpty();
        assertThat(api.get("/api/orders/" + orderId).json().get("status").asString())
                .isEqualTo("PAID");
        assertThat(entry(key)).hasValueSatisfying(json -> assertThat(json).contains("\"PAID\""));
    }

    String placeOrder() {
        return api.post("/api/orders", Api.order(customer, "USD", "sku-9", "3", "1.00"))
                .json()
                .get("id")
                .asString();
    }

    double counter(String result) {
        var counter = meters.find("order.cache.requests")
                .tag("engine", engine())
                .tag("result", result)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}

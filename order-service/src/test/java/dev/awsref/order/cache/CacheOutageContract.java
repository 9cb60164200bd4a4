package dev.awsref.order.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.order.support.Api;
import dev.awsref.order.support.OrderServiceIT;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The cache engine is unreachable (a port nothing listens on): reads come from PostgreSQL, health
 * says DEGRADED, the service stays UP and ready. Each engine's subclass points the cache at a
 * closed port: {@link RedisOutageIT}, {@link MemcachedOutageIT}.
 */
@OrderServiceIT(properties = "app.outbox.relay-enabled=false")
abstract class CacheOutageContract {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CacheStore store;

    /** The engine the subclass put the cache on: {@code redis} or {@code memcached}. */
    abstract String engine();

    @Test
    void withTheCacheDownGetStillAnswersFromPostgresAndTheCacheIsReportedDegradedNotDown() {
        assertThat(store.engine()).isEqualTo(engine());
        var api = new Api(port);
        String customer = engine() + "-down-" + UUID.randomUUID().toString().substring(0, 8);
        String orderId = api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "2", "3.00"))
                .json()
                .get("id")
                .asString();

        for (int i = 0; i < 8; i++) {
            var read = api.get("/api/orders/" + orderId);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("customerId").asString()).isEqualTo(customer);
        }
        assertThat(api.post("/api/orders/" + orderId + "/pay", "").status()).isEqualTo(200);
        assertThat(api.get("/api/orders/" + orderId).json().get("status").asString())
                .isEqualTo("PAID");
        assertThat(meters.get("order.cache.requests")
                        .tag("engine", engine())
                        .tag("result", "error")
                        .counter()
                        .count())
                .isPositive();

        var health = new Api(managementPort).get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        var cache = health.json().get("components").get("cache");
        assertThat(cache.get("status").asString()).isEqualTo("DEGRADED");
        assertThat(cache.get("details").get("engine").asString()).isEqualTo(engine());
        assertThat(api.get("/readyz").status()).isEqualTo(200);
    }
}

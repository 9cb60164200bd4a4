package dev.awsref.order.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.defaults.metrics.SystemMetric;
import dev.awsref.order.outbox.OutboxRelay;
import dev.awsref.order.support.Api;
import dev.awsref.order.support.OrderServiceIT;
import dev.awsref.platform.metrics.ServiceMeter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboards' order-service figures move with what happens: orders placed count once per
 * committed order, the outbox backlog and its oldest row's age reflect the pending rows, and the
 * management port serves them to Prometheus without credentials, and each meter carries the tag
 * keys the CloudWatch dashboard asks for. The relay is off, so the rows stay pending until the test
 * relays them.
 */
@OrderServiceIT(properties = {"app.outbox.relay-enabled=false"})
class OrderMetricsIT {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    OutboxRelay relay;

    Api api;
    String customer;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        customer = "cust-" + UUID.randomUUID().toString().substring(0, 8);
        relayEverything(); // what an earlier test of this context left pending
    }

    @Test
    void eachCommittedOrderCountsOnceAndNeitherAReplayNorARefusedOrderCounts() {
        double before = placed();

        String body = Api.order(customer, "EUR", "sku-1", "1", "9.99");
        assertThat(api.post("/api/orders", body, "Idempotency-Key", "k-1").status())
                .isEqualTo(201);
        assertThat(api.post("/api/orders", body, "Idempotency-Key", "k-1").header("Idempotent-Replayed"))
                .isEqualTo("true");
        assertThat(api.post("/api/orders", Api.order(customer, "EUR", "sku-2", "2", "1.00"))
                        .status())
                .isEqualTo(201);
        assertThat(api.post("/api/orders", Api.order(customer, "XXX", "sku-3", "-1", "1.00"))
                        .status())
                .isEqualTo(400);

        assertThat(placed() - before).isEqualTo(2.0);
    }

    @Test
    void theBacklogGaugeCountsPendingRowsAndTheAgeGaugeIsZeroOnlyWhenNoneIsPending() {
        assertThat(gauge(SystemMetric.OUTBOX_PENDING)).isZero();
        assertThat(gauge(SystemMetric.OUTBOX_OLDEST_PENDING_AGE)).isZero();

        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/orders", Api.order(customer, "EUR", "sku-" + i, "1", "2.00"))
                            .status())
                    .isEqualTo(201);
        }
        long pending = jdbc.sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL")
                .query(Long.class)
                .single();
        assertThat(pending).isGreaterThanOrEqualTo(3); // one row per topic the event goes to
        assertThat(gauge(SystemMetric.OUTBOX_PENDING)).isEqualTo((double) pending);
        assertThat(gauge(SystemMetric.OUTBOX_OLDEST_PENDING_AGE)).isPositive();

        relayEverything();
        assertThat(gauge(SystemMetric.OUTBOX_PENDING)).isZero();
        assertThat(gauge(SystemMetric.OUTBOX_OLDEST_PENDING_AGE)).isZero();
    }

    @Test
    void theManagementPortServesTheDashboardsSeriesToPrometheusWithoutCredentials() throws Exception {
        api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "1", "3.00"));

        HttpResponse<String> scrape = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("orders_placed_total{service=\"order-service\"}")
                .contains("outbox_pending{service=\"order-service\"}")
                .contains("outbox_oldest_pending_age_seconds{service=\"order-service\"}")
                .contains("order_cache_requests_total{")
                .contains("resilience4j_circuitbreaker_state{");
    }

    /**
     * CloudWatch finds a metric only by its whole set of dimensions, so a tag key the model does not
     * name (or one it names that the meter lacks) empties a dashboard widget. The service's own code
     * takes its keys from the model; resilience4j registers the circuit-breaker gauge with its own.
     */
    @Test
    void everyDashboardMeterTheServiceRegistersCarriesExactlyTheModelsTagKeys() {
        api.post("/api/orders", Api.order(customer, "EUR", "sku-1", "1", "3.00"));

        List<Meter.Id> dashboardMeters = meters.getMeters().stream()
                .map(Meter::getId)
                .filter(id -> metricNamed(id.getName()) != null)
                .toList();

        assertThat(dashboardMeters)
                .extracting(Meter.Id::getName)
                .contains(
                        SystemMetric.ORDERS_PLACED.meterName(),
                        SystemMetric.OUTBOX_PENDING.meterName(),
                        SystemMetric.ORDER_CACHE_REQUESTS.meterName(),
                        SystemMetric.CIRCUIT_BREAKER_STATE.meterName());
        // "name [key, ...]" per meter: a mismatch reads as the meter and the keys that differ
        assertThat(dashboardMeters.stream().map(OrderMetricsIT::registeredKeys).distinct())
                .containsExactlyInAnyOrderElementsOf(dashboardMeters.stream()
                        .map(OrderMetricsIT::modelledKeys)
                        .distinct()
                        .toList());
    }

    private static String registeredKeys(Meter.Id id) {
        return id.getName() + " "
                + id.getTags().stream()
                        .map(Tag::getKey)
                        .filter(key -> !key.equals(ServiceMeter.SERVICE_TAG))
                        .sorted()
                        .toList();
    }

    private static String modelledKeys(Meter.Id id) {
        return id.getName() + " "
                + metricNamed(id.getName()).names().tagKeys().stream().sorted().toList();
    }

    private static SystemMetric metricNamed(String meterName) {
        return Arrays.stream(SystemMetric.values())
                .filter(metric -> metric.meterName().equals(meterName))
                .findFirst()
                .orElse(null);
    }

    private void relayEverything() {
        for (int pass = 0; pass < 100 && relay.relayOnce().sent() > 0; pass++) {
            // each pass publishes up to a batch
        }
    }

    private double placed() {
        return meters.get(SystemMetric.ORDERS_PLACED.meterName()).counter().count();
    }

    private double gauge(SystemMetric metric) {
        return meters.get(metric.meterName()).gauge().value();
    }
}

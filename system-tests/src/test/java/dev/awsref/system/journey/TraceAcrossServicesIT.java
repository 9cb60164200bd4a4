package dev.awsref.system.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.awsref.system.support.SystemTest;
import dev.awsref.system.support.ZipkinReceiver;
import dev.awsref.system.support.ZipkinReceiver.Span;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One trace from a request to the last thing it causes, in another service: the client sends a
 * W3C {@code traceparent}, and every span the services report to the suite's Zipkin receiver
 * under that trace id is read back. A consumer span carrying the producer's trace id, with the
 * producer's span as its parent, is what proves the context crossed the hop (outbox row, SNS and
 * SQS attributes, the Kinesis record's envelope).
 */
class TraceAcrossServicesIT extends SystemTest {

    @Test
    void anOrdersTraceGoesFromItsPostThroughTheOutboxSnsAndSqsToTheConfirmationEmail() {
        String traceId = randomHex(16);
        var placed = system.orders()
                .tracedBy("00-" + traceId + "-" + randomHex(8) + "-01")
                .place("traced-" + UUID.randomUUID().toString().substring(0, 8), "kettle", 1, new BigDecimal("20.00"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        ZipkinReceiver traces = system.traces();

        await("order-service's and notification-service's spans of trace " + traceId)
                .atMost(EMAIL_WAIT)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<Span> trace = traces.trace(traceId);
                    Span post = only(trace, "order-service", "SERVER");
                    List<Span> publishes = trace.stream()
                            .filter(s -> s.service().equals("order-service") && "PRODUCER".equals(s.kind()))
                            .toList();
                    // One row per topic: the standard topic and the FIFO topic, each published under
                    // the request that wrote the row (the row keeps the span current at the insert,
                    // inside the request's own spans).
                    assertThat(publishes)
                            .extracting(Span::name)
                            .containsExactlyInAnyOrder("publish order-events", "publish order-lifecycle.fifo");
                    assertThat(publishes)
                            .as("the publish spans descend from the POST, in " + trace)
                            .allMatch(p -> descendsFrom(trace, p, post));
                    List<Span> received = trace.stream()
                            .filter(s -> s.service().equals("notification-service") && "CONSUMER".equals(s.kind()))
                            .toList();
                    assertThat(received)
                            .as("notification-service's listener spans continue the publish spans")
                            .isNotEmpty()
                            .allSatisfy(r ->
                                    assertThat(publishes).extracting(Span::id).contains(r.parentId()));
                    assertThat(trace)
                            .as("the confirmation email's send, inside a listener's span")
                            .anySatisfy(smtp -> {
                                assertThat(smtp.service()).isEqualTo("notification-service");
                                assertThat(smtp.name()).isEqualTo("smtp send");
                                assertThat(received).extracting(Span::id).contains(smtp.parentId());
                            });
                });
    }

    @Test
    void anActivitysTraceGoesFromItsPostThroughKinesisIntoTheStores() {
        String traceId = randomHex(16);
        String user = "traced-" + UUID.randomUUID().toString().substring(0, 8);
        var accepted = system.analyticsAs(user)
                .tracedBy("00-" + traceId + "-" + randomHex(8) + "-01")
                .record("""
                        [{"userId":"%s","type":"PAGE_VIEW","itemId":"kettle"}]""".formatted(user));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        ZipkinReceiver traces = system.traces();

        await("analytics-service's producer and consumer spans of trace " + traceId)
                .atMost(ANALYTICS_WAIT)
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    List<Span> trace = traces.trace(traceId);
                    Span post = only(trace, "analytics-service", "SERVER");
                    Span processed = only(trace, "analytics-service", "CONSUMER");
                    assertThat(processed.name()).isEqualTo("process user-activity");
                    // The record carries the span current in the controller: inside the request's
                    // server span (Spring Security observes the secured request as a child of it).
                    assertThat(descendsFrom(trace, processed, post))
                            .as("the KCL processor's span continues the request that produced the record, in " + trace)
                            .isTrue();
                    assertThat(trace)
                            .filteredOn(s -> "CLIENT".equals(s.kind()))
                            .as("the store writes, inside the processor's span")
                            .extracting(Span::name, Span::parentId)
                            .contains(org.assertj.core.groups.Tuple.tuple("redis update aggregates", processed.id()));
                });
    }

    private static Span only(List<Span> trace, String service, String kind) {
        List<Span> matching = trace.stream()
                .filter(s -> s.service().equals(service) && kind.equals(s.kind()))
                .toList();
        assertThat(matching).as(kind + " spans of " + service + " in " + trace).hasSize(1);
        return matching.getFirst();
    }

    /** Whether {@code span}'s chain of parents within {@code trace} reaches {@code ancestor}. */
    private static boolean descendsFrom(List<Span> trace, Span span, Span ancestor) {
        Map<String, Span> byId = trace.stream().collect(Collectors.toMap(Span::id, s -> s, (a, b) -> a));
        for (Span s = span; s != null && s.parentId() != null; s = byId.get(s.parentId())) {
            if (s.parentId().equals(ancestor.id())) {
                return true;
            }
        }
        return false;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}

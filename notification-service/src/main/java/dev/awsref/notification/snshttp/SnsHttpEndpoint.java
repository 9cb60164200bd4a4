package dev.awsref.notification.snshttp;

import dev.awsref.defaults.listener.LogSafe;
import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.defaults.web.ApiExceptionHandler;
import dev.awsref.defaults.web.ProblemResponses;
import dev.awsref.notification.orders.OrderNotifications;
import dev.awsref.notification.orders.Outcome;
import dev.awsref.notification.queues.EventReader;
import dev.awsref.platform.events.EventContractException;
import dev.awsref.platform.events.EventEnvelope;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SNS HTTP(S) subscription endpoint, {@code POST /sns/<topic>} on the application port, for
 * each topic the topology model subscribes this service to over HTTPS (and for no other: 404).
 * SNS POSTs a JSON document (as text/plain) of one of three types; every one is verified first
 * ({@link SnsMessageVerifier}: topic allow-list, freshness, SNS's certificate and signature) and
 * refused if it fails, before anything of it is logged:
 *
 * <ul>
 *   <li>SubscriptionConfirmation: confirmed by a GET to its SubscribeURL (on SNS's own host);
 *   <li>Notification: its Message is an order event, handled exactly like one from the
 *       notification-order-events queue (same idempotency key, so an event that arrives both ways
 *       is mailed once);
 *   <li>UnsubscribeConfirmation: logged.
 * </ul>
 *
 * A MessageId handled before ({@link SeenMessages}) is answered 200 and not acted on again: a
 * replay, or SNS retrying a delivery whose answer it did not get. A 2xx tells SNS the delivery
 * succeeded; anything else makes SNS retry under the subscription's delivery policy.
 */
@RestController
class SnsHttpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(SnsHttpEndpoint.class);
    static final String SOURCE = "sns-http";

    private final SnsMessageVerifier verifier;
    private final SeenMessages seen;
    private final SnsTrust trust;
    private final SnsHttpProperties properties;
    private final Map<String, String> topicArns;
    private final EventReader reader;
    private final OrderNotifications notifications;

    SnsHttpEndpoint(
            SnsMessageVerifier verifier,
            SeenMessages seen,
            SnsTrust trust,
            SnsHttpProperties properties,
            EnvironmentTopology topology,
            EventReader reader,
            OrderNotifications notifications) {
        this.verifier = verifier;
        this.seen = seen;
        this.trust = trust;
        this.properties = properties;
        this.topicArns = topology.snsHttpsTopicArns();
        this.reader = reader;
        this.notifications = notifications;
    }

    @PostMapping("/sns/{topic}")
    ResponseEntity<?> receive(
            @PathVariable String topic,
            @RequestHeader(name = "x-amz-sns-message-type", required = false) String typeHeader,
            HttpServletRequest request)
            throws IOException {
        // The body as UTF-8, whatever the Content-Type says: SNS sends text/plain; charset=UTF-8 and
        // signs UTF-8 text. Not through a message converter: Spring's request headers throw on a
        // wildcard Content-Type (*/*), which was a 500 for any client that sent one.
        String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String topicArn = topicArns.get(topic);
        if (topicArn == null) {
            return problem(HttpStatus.NOT_FOUND, "topic", "this service has no SNS HTTPS subscription to that topic");
        }
        SnsMessage message = SnsMessage.parse(body);
        try {
            if (message.fields().isEmpty()) {
                throw RefusedSnsMessage.badRequest("body", "the body is not a JSON object with SNS's string fields");
            }
            verifier.verify(message, topicArn, typeHeader);
        } catch (RefusedSnsMessage refused) {
            // Nothing of the message is logged: until it is verified, all of it is the sender's.
            log.warn("Refused an SNS HTTP delivery on /sns/{}: {}", topic, refused.getMessage());
            return problem(refused.status(), refused.field(), refused.getMessage());
        }
        String messageId = LogSafe.line(message.get("MessageId"), 100);
        if (seen.contains(messageId)) {
            log.info("SNS message {} on {} was handled before; not acting on it again", messageId, topic);
            return ResponseEntity.ok(Map.of("outcome", Outcome.DUPLICATE.name()));
        }
        ResponseEntity<?> answer = switch (message.type()) {
            case SnsMessage.SUBSCRIPTION_CONFIRMATION -> confirm(message, topic);
            case SnsMessage.NOTIFICATION -> notification(message, messageId);
            default -> {
                log.info("Unsubscribed from {}", topic);
                yield ResponseEntity.ok().build();
            }
        };
        if (answer.getStatusCode().is2xxSuccessful()) {
            seen.remember(messageId);
        }
        return answer;
    }

    private ResponseEntity<?> confirm(SnsMessage message, String topic) {
        try {
            var response = trust.http()
                    .send(
                            HttpRequest.newBuilder(URI.create(message.get("SubscribeURL")))
                                    .timeout(properties.fetchTimeout())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                return problem(
                        HttpStatus.BAD_GATEWAY, "SubscribeURL", "SubscribeURL answered " + response.statusCode());
            }
        } catch (IOException e) {
            return problem(HttpStatus.BAD_GATEWAY, "SubscribeURL", "SubscribeURL could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "SubscribeURL", "interrupted");
        }
        log.info("Confirmed the subscription to {}", topic);
        return ResponseEntity.ok().build();
    }

    private ResponseEntity<?> notification(SnsMessage message, String messageId) {
        EventEnvelope<?> event;
        try {
            event = reader.read(message.get("Message"));
        } catch (EventContractException unreadable) {
            // SNS would retry a 4xx/5xx to no avail; take it, say so once.
            log.warn(
                    "SNS HTTP notification {} is not an event this service reads: {}",
                    messageId,
                    LogSafe.line(String.valueOf(unreadable.getMessage()), 300));
            return ResponseEntity.ok().build();
        }
        Outcome outcome = notifications.customerEvent(event, SOURCE, messageId);
        return ResponseEntity.ok(Map.of("outcome", outcome.name()));
    }

    /**
     * A problem of the services' type namespace naming the field at fault: {@code
     * invalid-sns-message} (400, not an SNS message), {@code sns-message-refused} (403, not sent
     * by SNS for this endpoint, or not now), or the status's own type.
     */
    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String field, String detail) {
        String type = switch (status) {
            case BAD_REQUEST -> "invalid-sns-message";
            case FORBIDDEN -> "sns-message-refused";
            default -> ProblemResponses.typeFor(status);
        };
        ProblemDetail problem = ProblemResponses.problem(status, type, status.getReasonPhrase(), detail);
        problem.setProperty("errors", List.of(new ApiExceptionHandler.FieldError(field, detail)));
        return ResponseEntity.status(status).body(problem);
    }
}

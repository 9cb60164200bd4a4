package dev.awsref.notification.snshttp;

import dev.awsref.notification.orders.OrderNotifications;
import dev.awsref.notification.orders.Outcome;
import dev.awsref.notification.queues.EventReader;
import dev.awsref.platform.events.EventContractException;
import dev.awsref.platform.events.EventEnvelope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SNS HTTP(S) subscription endpoint, {@code POST /sns/order-events} on the application port. SNS
 * POSTs a JSON document (as text/plain) of one of three types; every one is signature-checked
 * first and answered 403 if SNS did not sign it:
 *
 * <ul>
 *   <li>SubscriptionConfirmation: confirmed by a GET to its SubscribeURL;
 *   <li>Notification: its Message is an order event, handled exactly like one from the
 *       notification-order-events queue (same idempotency key, so an event that arrives both ways
 *       is mailed once);
 *   <li>UnsubscribeConfirmation: logged.
 * </ul>
 *
 * A 2xx tells SNS the delivery succeeded; anything else makes SNS retry under the subscription's
 * delivery policy.
 */
@RestController
class SnsHttpEndpoint {

    private static final Logger log = LoggerFactory.getLogger(SnsHttpEndpoint.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SOURCE = "sns-http";

    private final SnsSignatureVerifier verifier;
    private final SnsHttpProperties properties;
    private final EventReader reader;
    private final OrderNotifications notifications;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SnsHttpEndpoint(
            SnsSignatureVerifier verifier,
            SnsHttpProperties properties,
            EventReader reader,
            OrderNotifications notifications) {
        this.verifier = verifier;
        this.properties = properties;
        this.reader = reader;
        this.notifications = notifications;
    }

    @PostMapping("/sns/order-events")
    ResponseEntity<?> receive(@RequestBody String body) {
        SnsMessage message = parse(body);
        try {
            verifier.verify(message);
        } catch (InvalidSnsSignatureException forged) {
            log.warn("Refused an SNS HTTP delivery (MessageId {}): {}", message.get("MessageId"), forged.getMessage());
            return problem(HttpStatus.FORBIDDEN, "SNS signature check failed: " + forged.getMessage());
        }
        return switch (String.valueOf(message.type())) {
            case SnsMessage.SUBSCRIPTION_CONFIRMATION -> confirm(message);
            case SnsMessage.NOTIFICATION -> notification(message);
            case SnsMessage.UNSUBSCRIBE_CONFIRMATION -> {
                log.info("Unsubscribed from {}", message.get("TopicArn"));
                yield ResponseEntity.ok().build();
            }
            default -> problem(HttpStatus.BAD_REQUEST, "unknown SNS message type " + message.type());
        };
    }

    private ResponseEntity<?> confirm(SnsMessage message) {
        String url = message.get("SubscribeURL");
        if (url == null || !properties.subscribeUrl().matcher(url).matches()) {
            return problem(HttpStatus.FORBIDDEN, "SubscribeURL is not an SNS URL");
        }
        try {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                return problem(HttpStatus.BAD_GATEWAY, "SubscribeURL answered " + response.statusCode());
            }
        } catch (IOException e) {
            return problem(HttpStatus.BAD_GATEWAY, "SubscribeURL could not be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
        }
        log.info("Confirmed the subscription to {}", message.get("TopicArn"));
        return ResponseEntity.ok().build();
    }

    private ResponseEntity<?> notification(SnsMessage message) {
        EventEnvelope<?> event;
        try {
            event = reader.read(message.get("Message"));
        } catch (EventContractException unreadable) {
            // SNS would retry a 4xx/5xx to no avail; take it, say so once.
            log.warn(
                    "SNS HTTP notification {} is not an event this service reads: {}",
                    message.get("MessageId"),
                    unreadable.getMessage());
            return ResponseEntity.ok().build();
        }
        Outcome outcome = notifications.customerEvent(event, SOURCE, message.get("MessageId"));
        return ResponseEntity.ok(java.util.Map.of("outcome", outcome.name()));
    }

    private static SnsMessage parse(String body) {
        var fields = new LinkedHashMap<String, String>();
        try {
            JsonNode root = JSON.readTree(body);
            if (root.isObject()) {
                root.properties().forEach(field -> {
                    if (field.getValue().isString()) {
                        fields.put(field.getKey(), field.getValue().stringValue());
                    }
                });
            }
        } catch (JacksonException notJson) {
            // an empty message: unsigned, refused by the verifier
        }
        return new SnsMessage(fields);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}

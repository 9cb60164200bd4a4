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

    /**
     * The largest body SNS can POST here, so anything larger is refused unread. A topic with an
     * HTTP(S) subscription carries at most 256 KiB of message and attributes together (a topic
     * raised above that takes only SQS, Lambda and Firehose subscriptions:
     * https://docs.aws.amazon.com/sns/latest/dg/large-message-payloads.html). The envelope carries
     * that message as a JSON string, where one character can become six (a control character is
     * escaped as a backslash, {@code u} and four hex digits), and adds
     * its own fields (Signature, SigningCertURL, UnsubscribeURL, TopicArn, Subject, ids: under 2 KiB
     * together), for which 64 KiB leaves ample room. So a genuine delivery never reaches 1.5625 MiB.
     */
    static final long MAX_BODY_BYTES = 6L * 256 * 1024 + 64 * 1024;

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
        // A declared length over the limit is refused before a byte of the body is read; a chunked
        // body is read only up to one byte past the limit. Either way no sender makes us hold more.
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            return bodyTooLarge(request.getContentLengthLong() + " bytes");
        }
        byte[] bytes = request.getInputStream().readNBytes((int) MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            return bodyTooLarge("more than " + MAX_BODY_BYTES + " bytes");
        }
        // The body as UTF-8, whatever the Content-Type says: SNS sends text/plain; charset=UTF-8 and
        // signs UTF-8 text. Not through a message converter: Spring's request headers throw on a
        // wildcard Content-Type (*/*), which was a 500 for any client that sent one.
        String body = new String(bytes, StandardCharsets.UTF_8);
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

    private static ResponseEntity<ProblemDetail> bodyTooLarge(String size) {
        log.warn("Refused an SNS HTTP delivery of {}: no SNS delivery is that large", size);
        return problem(
                HttpStatus.CONTENT_TOO_LARGE,
                "body",
                "the body has " + size + "; no SNS delivery exceeds " + MAX_BODY_BYTES
                        + " bytes (256 KiB of message, escaped, in its envelope)");
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

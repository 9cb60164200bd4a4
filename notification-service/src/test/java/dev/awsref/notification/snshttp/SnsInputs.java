package dev.awsref.notification.snshttp;

import static dev.awsref.testsupport.fuzz.FuzzText.anyJsonValue;
import static dev.awsref.testsupport.fuzz.FuzzText.quote;

import dev.awsref.notification.support.OrderEvents;
import dev.awsref.notification.support.TestSnsSigner;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.testsupport.fuzz.FuzzRequest;
import dev.awsref.testsupport.fuzz.FuzzText;
import dev.awsref.testsupport.fuzz.Gen;
import dev.awsref.testsupport.fuzz.InputClass;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The input classes the SNS HTTP(S) endpoint's fuzz test draws from: what a sender without SNS's
 * key can POST to {@code /sns/order-events}, and what one with it (the test's signer) could sign
 * that is still hostile.
 */
final class SnsInputs {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PATH = "/sns/order-events";

    private final String topicArn;
    private final String otherTopicArn;
    private final TestSnsSigner sns = TestSnsSigner.get();

    SnsInputs(String topicArn, String otherTopicArn) {
        this.topicArn = topicArn;
        this.otherTopicArn = otherTopicArn;
    }

    /** A fresh notification of a new order, unsigned. */
    private Map<String, String> notification() {
        var fields = new TreeMap<String, String>();
        fields.put("Type", "Notification");
        fields.put("MessageId", UUID.randomUUID().toString());
        fields.put("TopicArn", topicArn);
        fields.put("Message", new EventCodec().toJson(OrderEvents.newOrder().placed("10.00")));
        fields.put("Timestamp", Instant.now().toString());
        return fields;
    }

    private Map<String, String> confirmation(String topic) {
        String token = "fuzz-" + UUID.randomUUID();
        var fields = new TreeMap<String, String>();
        fields.put("Type", "SubscriptionConfirmation");
        fields.put("MessageId", UUID.randomUUID().toString());
        fields.put("Token", token);
        fields.put("TopicArn", topic);
        fields.put("Message", "You have chosen to subscribe to the topic " + topic);
        fields.put("SubscribeURL", subscribeUrl(topic, token));
        fields.put("Timestamp", Instant.now().toString());
        return fields;
    }

    private static String subscribeUrl(String topic, String token) {
        return "https://" + TestSnsSigner.SNS_HOST + "/?Action=ConfirmSubscription&TopicArn="
                + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "&Token=" + token;
    }

    private Map<String, String> signed(Map<String, String> fields) {
        return sns.sign(fields, 2, TestSnsSigner.CERTIFICATE_URL);
    }

    private static Map<String, String> with(Map<String, String> fields, String name, String value) {
        var changed = new TreeMap<>(fields);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return changed;
    }

    /** As SNS posts it: JSON as text/plain, the type in the header too. */
    private static FuzzRequest post(Map<String, String> message) {
        String type = String.valueOf(message.get("Type"));
        // A header cannot carry what the body's Type may (blank, control characters): then the
        // header says Notification, and the body's Type is checked on its own.
        return post(JSON.writeValueAsString(message), type.matches("[!-~][ -~]*") ? type : "Notification");
    }

    private static FuzzRequest post(String body, String typeHeader) {
        var request = new FuzzRequest(
                "POST", PATH, "text/plain; charset=UTF-8", body.getBytes(StandardCharsets.UTF_8), List.of());
        return typeHeader == null ? request : request.withHeaders("x-amz-sns-message-type", typeHeader);
    }

    /** A signed notification with one field changed after signing: the signature no longer holds. */
    private Gen<FuzzRequest> tampered(String field, Gen<String> values) {
        return values.map(value -> post(with(signed(notification()), field, value)));
    }

    /** A notification with {@code field} set before signing: SNS's signature, hostile content. */
    private Gen<FuzzRequest> signedWith(String field, Gen<String> values) {
        return values.map(value -> post(signed(with(notification(), field, value))));
    }

    /** A valid order event with its {@code which}-th field (depth first, any level) set to a raw JSON value. */
    private static String hostileEvent(int which, String value) {
        var event = (ObjectNode)
                JSON.readTree(new EventCodec().toJson(OrderEvents.newOrder().placed("10.00")));
        var fields = new ArrayList<Map.Entry<ObjectNode, String>>();
        collect(event, fields);
        var chosen = fields.get(which % fields.size());
        chosen.getKey().set(chosen.getValue(), JSON.readTree(value));
        return JSON.writeValueAsString(event);
    }

    private static void collect(JsonNode node, List<Map.Entry<ObjectNode, String>> fields) {
        if (node instanceof ObjectNode object) {
            for (String name : object.propertyNames()) {
                fields.add(Map.entry(object, name));
                collect(object.get(name), fields);
            }
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, fields));
        }
    }

    List<InputClass> classes() {
        List<InputClass> classes = new ArrayList<>();
        Gen<String> hostileText = Gen.oneOf(
                FuzzText.unicode(),
                FuzzText.withControlCharacter(),
                Gen.of("", " ", "\u0000", "null", "a\r\nX-Injected: 1"),
                Gen.strings(Gen.Chars.PRINTABLE, 5_000, 20_000));

        classes.add(InputClass.either(
                "signed notification (baseline)", Gen.just(0).map(i -> post(signed(notification())))));
        classes.add(InputClass.refused(
                "body that is not JSON",
                Gen.oneOf(
                                Gen.strings(Gen.Chars.ANY, 0, 200),
                                Gen.of("", "{", "{\"Type\":", "<xml/>", "Type=Notification", "\u0000"))
                        .map(body -> post(body, "Notification"))));
        classes.add(InputClass.refused(
                "random bytes",
                Gen.bytes(1, 2_000)
                        .map(bytes -> new FuzzRequest("POST", PATH, "text/plain", bytes, List.of())
                                .withHeaders("x-amz-sns-message-type", "Notification"))));
        classes.add(InputClass.refused(
                "JSON of the wrong shape",
                Gen.of("[]", "[{\"Type\":\"Notification\"}]", "null", "true", "1", "\"Notification\"", "{}")
                        .map(body -> post(body, "Notification"))));
        classes.add(InputClass.refused(
                "wrong JSON type in a field",
                Gen.combine(
                        Gen.of(
                                "Type",
                                "MessageId",
                                "TopicArn",
                                "Message",
                                "Timestamp",
                                "Signature",
                                "SignatureVersion"),
                        anyJsonValue().filter(v -> !v.startsWith("\"")),
                        (field, value) -> {
                            var fields = signed(notification());
                            fields.remove(field);
                            String body = JSON.writeValueAsString(fields);
                            return post("{" + quote(field) + ":" + value + "," + body.substring(1), "Notification");
                        })));
        for (String field : List.of(
                "Type", "MessageId", "TopicArn", "Timestamp", "Signature", "SignatureVersion", "SigningCertURL")) {
            classes.add(InputClass.refused(
                    "signed notification without " + field,
                    Gen.just(0).map(i -> post(with(signed(notification()), field, null)))));
        }
        classes.add(InputClass.refused(
                "a signed field added after signing (Subject)",
                hostileText.map(subject -> post(with(signed(notification()), "Subject", subject)))));
        // SNS adds fields it does not sign (UnsubscribeURL, MessageAttributes): they change nothing.
        classes.add(InputClass.either(
                "unsigned fields added",
                Gen.of("UnsubscribeURL", "Token", "SubscribeURL", "MessageAttributes", "X")
                        .map(field -> post(with(signed(notification()), field, "added")))));
        classes.add(InputClass.refused(
                "unknown message types",
                Gen.of("notification", "NOTIFICATION", "", "Notification ", "Unsubscribe", "\u0000", "Error")
                        .map(type -> post(signed(with(notification(), "Type", type))))));
        classes.add(InputClass.refused(
                "x-amz-sns-message-type header missing, wrong or mismatched",
                Gen.combine(
                        Gen.just(0),
                        Gen.of(
                                "SubscriptionConfirmation",
                                "UnsubscribeConfirmation",
                                "notification",
                                "x",
                                "Notification,Notification"),
                        (i, header) -> {
                            var message = signed(notification());
                            return header.equals("x")
                                    ? post(with(message, "Type", "SubscriptionConfirmation"))
                                    : post(JSON.writeValueAsString(message), header);
                        })));
        classes.add(InputClass.either(
                "signed notification without the type header",
                Gen.just(0).map(i -> post(JSON.writeValueAsString(signed(notification())), null))));
        classes.add(InputClass.either(
                "content types SNS does not send",
                Gen.of(
                                "application/json",
                                "application/x-www-form-urlencoded",
                                "application/octet-stream",
                                "text/plain; charset=ISO-8859-1",
                                "multipart/form-data; boundary=x",
                                "",
                                "*/*")
                        .map(type -> {
                            var body = JSON.writeValueAsString(signed(notification()));
                            return new FuzzRequest(
                                            "POST",
                                            PATH,
                                            type.isEmpty() ? null : type,
                                            body.getBytes(StandardCharsets.UTF_8),
                                            List.of())
                                    .withHeaders("x-amz-sns-message-type", "Notification");
                        })));
        // Spring's request headers refused a wildcard Content-Type with an exception: a 500.
        classes.add(InputClass.either(
                "wildcard Content-Type",
                Gen.of("*/*", "text/*", "*/*; charset=UTF-8").map(type -> {
                    var body = JSON.writeValueAsString(signed(notification()));
                    return new FuzzRequest("POST", PATH, type, body.getBytes(StandardCharsets.UTF_8), List.of())
                            .withHeaders("x-amz-sns-message-type", "Notification");
                })));
        classes.add(InputClass.either(
                "UTF-16 and Latin-1 bodies",
                Gen.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE, StandardCharsets.ISO_8859_1)
                        .map(charset -> {
                            var body = JSON.writeValueAsString(
                                    signed(with(notification(), "Subject", "caf\u00e9 \u4e2d\u6587")));
                            return new FuzzRequest("POST", PATH, "text/plain", body.getBytes(charset), List.of())
                                    .withHeaders("x-amz-sns-message-type", "Notification");
                        })));
        // Up to Tomcat's 2 MiB swallow limit: past it, Tomcat closes the connection after the 413,
        // and a client still writing its body sees a broken pipe instead of the answer, or not,
        // depending on timing. Larger declared lengths: the raw-socket tests in SnsHttpSubscriptionIT.
        classes.add(InputClass.refused(
                "bodies of 300 KiB to 2 MiB",
                Gen.integers(300 * 1024, 2 * 1024 * 1024 - 16 * 1024)
                        .map(size -> post(with(
                                signed(notification()), "Message", "x".repeat(size)))))); // tampered, so never verified
        classes.add(InputClass.refused(
                "paths that are not a subscribed topic",
                Gen.of(
                                "/sns/ops-alerts",
                                "/sns/",
                                "/sns/order-events/x",
                                "/sns/..%2Forder-events",
                                "/sns/%00",
                                "/sns/order-events%00",
                                "/sns/../sns/order-events",
                                "/sns/order-events;x=1",
                                "/sns/ORDER-EVENTS",
                                "/sns/%E2%80%AE")
                        .map(path -> {
                            var body = JSON.writeValueAsString(signed(notification()));
                            return new FuzzRequest(
                                            "POST",
                                            path,
                                            "text/plain",
                                            body.getBytes(StandardCharsets.UTF_8),
                                            List.of())
                                    .withHeaders("x-amz-sns-message-type", "Notification");
                        })));
        classes.add(InputClass.refused(
                "methods other than POST",
                Gen.of("GET", "HEAD", "PUT", "DELETE", "PATCH", "TRACE")
                        .map(method -> new FuzzRequest(method, PATH, null, new byte[0], List.of()))));
        classes.add(InputClass.refused(
                "TopicArn of another topic, a look-alike, or hostile text (signed)",
                signedWith(
                        "TopicArn",
                        Gen.oneOf(
                                Gen.of(
                                        otherTopicArn,
                                        topicArn + " ",
                                        topicArn.toUpperCase(),
                                        topicArn + "\u0000",
                                        topicArn.replace("us-east-1", "eu-west-1"),
                                        "*",
                                        ""),
                                hostileText))));
        classes.add(InputClass.refused(
                "SigningCertURL off SNS's host, with a port, query, user, fragment or another path",
                Gen.of(
                                "https://sns.s3.amazonaws.com/SimpleNotificationService-test.pem",
                                "https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-test.pem",
                                "https://user@sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem",
                                "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem#x",
                                "https://sns.us-east-1.amazonaws.com/../SimpleNotificationService-test.pem",
                                "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-%00.pem",
                                "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem\u0000",
                                "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-nosuch.pem",
                                "file:///etc/passwd",
                                "http://169.254.169.254/latest/meta-data/",
                                "",
                                "%zz",
                                "https://[::1]/SimpleNotificationService-test.pem",
                                "https://sns.us-east-1.amazonaws.com:-1/x.pem")
                        .map(url -> post(sns.sign(notification(), 2, url)))));
        classes.add(InputClass.refused(
                "SignatureVersion other than 1 or 2",
                Gen.of("0", "3", "01", "2 ", "", "-1", "99999999999999999999", "\u0000", "1.0")
                        .map(version -> post(with(signed(notification()), "SignatureVersion", version)))));
        classes.add(InputClass.refused(
                "Signature that is no base64, empty, huge or of another message",
                Gen.oneOf(
                                Gen.of("", "====", "AAAA", "not base64!", "\u0000"),
                                Gen.strings(Gen.Chars.ALPHANUMERIC, 1, 100_000),
                                Gen.just(0).map(i -> signed(notification()).get("Signature")))
                        .map(signature -> post(with(signed(notification()), "Signature", signature)))));
        classes.add(InputClass.refused(
                "Timestamp stale, future, unreadable or at the ends of time (signed)",
                signedWith(
                        "Timestamp",
                        Gen.oneOf(
                                Gen.of(
                                        Instant.now()
                                                .minus(Duration.ofMinutes(61))
                                                .toString(),
                                        Instant.now()
                                                .plus(Duration.ofMinutes(6))
                                                .toString(),
                                        "-999999999-01-01T00:00:00Z",
                                        "+999999999-12-31T23:59:59Z",
                                        "+1000000000-01-01T00:00:00Z",
                                        "1970-01-01T00:00:00Z",
                                        "2026-11-30",
                                        "now",
                                        "",
                                        "2026-13-45T99:99:99Z"),
                                hostileText))));
        classes.add(InputClass.refused(
                "MessageId missing, blank, over 100 characters (signed)",
                signedWith("MessageId", Gen.oneOf(Gen.of("", " ", "\t"), Gen.strings(Gen.Chars.ALPHA, 101, 100_000)))));
        classes.add(InputClass.either(
                "MessageId of unicode and control characters (signed)",
                signedWith("MessageId", Gen.oneOf(FuzzText.unicode(), FuzzText.withControlCharacter()))));
        classes.add(InputClass.either(
                "Message that is no event, or hostile text (signed)",
                signedWith(
                        "Message",
                        Gen.oneOf(
                                Gen.of(
                                        "",
                                        "{}",
                                        "[]",
                                        "null",
                                        "{\"type\":\"OrderPlaced\"}",
                                        "{\"eventType\":\"Nope\"}"),
                                anyJsonValue(),
                                hostileText))));
        classes.add(InputClass.either(
                "order event with a hostile value in one of its fields (signed)",
                Gen.combine(
                        Gen.integers(0, 1_000),
                        Gen.oneOf(
                                anyJsonValue(),
                                FuzzText.unicode().map(FuzzText::quote),
                                FuzzText.withControlCharacter().map(FuzzText::quote)),
                        (which, value) -> post(signed(with(notification(), "Message", hostileEvent(which, value)))))));
        classes.add(InputClass.either("Subject of hostile text (signed)", signedWith("Subject", hostileText)));
        classes.add(InputClass.refused(
                "SubscriptionConfirmation for another topic or with a SubscribeURL elsewhere (signed)",
                Gen.of(
                                (UnaryOperator<Map<String, String>>) m -> with(m, "TopicArn", otherTopicArn),
                                m -> with(m, "SubscribeURL", subscribeUrl(otherTopicArn, "t")),
                                m -> with(
                                        m,
                                        "SubscribeURL",
                                        "https://evil.example/?Action=ConfirmSubscription&TopicArn="
                                                + URLEncoder.encode(topicArn, StandardCharsets.UTF_8)),
                                m -> with(
                                        m, "SubscribeURL", m.get("SubscribeURL").replace("https:", "http:")),
                                m -> with(m, "SubscribeURL", m.get("SubscribeURL") + "&TopicArn=x"),
                                m -> with(
                                        m, "SubscribeURL", m.get("SubscribeURL").replace("/?", "/x?")),
                                m -> with(
                                        m,
                                        "SubscribeURL",
                                        m.get("SubscribeURL").replace("ConfirmSubscription", "Unsubscribe")),
                                m -> with(m, "SubscribeURL", null),
                                m -> with(m, "SubscribeURL", "https://sns.us-east-1.amazonaws.com/?%C3=%zz"),
                                m -> with(m, "SubscribeURL", "\u0000"))
                        .map(change -> post(signed(change.apply(confirmation(topicArn)))))));
        classes.add(InputClass.refused(
                "unsigned SubscriptionConfirmation", Gen.just(0).map(i -> {
                    var message = with(confirmation(topicArn), "SignatureVersion", "1");
                    return post(
                            with(with(message, "SigningCertURL", TestSnsSigner.CERTIFICATE_URL), "Signature", "AAAA"));
                })));
        return classes;
    }
}

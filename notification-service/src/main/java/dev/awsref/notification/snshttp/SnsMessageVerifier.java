package dev.awsref.notification.snshttp;

import dev.awsref.defaults.topology.EnvironmentTopology;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides whether SNS sent a delivery, following AWS's "Verifying the signatures of Amazon SNS
 * messages" (https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html) and
 * the message formats of "Parsing message formats"
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-message-and-json-formats.html), with the JDK's
 * own crypto. The cheap checks come first, so nothing is downloaded for a message that fails them:
 *
 * <ol>
 *   <li>Type is one of SNS's three, and agrees with the {@code x-amz-sns-message-type} header;
 *   <li>TopicArn is the topic this endpoint is subscribed to, as the model says (the allow-list);
 *   <li>MessageId is there, and the Timestamp is at most {@code maxAge} old and at most
 *       {@code clockSkew} ahead;
 *   <li>SignatureVersion is 1 (SHA1withRSA) or 2 (SHA256withRSA) and Signature is base64;
 *   <li>SigningCertURL is exactly {@code https://sns.<region>.amazonaws.com/SimpleNotificationService-<id>.pem}
 *       (the region of the allow-listed topic; no port, user, query or fragment, so no S3 host or
 *       look-alike gets through); a SubscribeURL is on the same host, confirms the same topic;
 * </ol>
 *
 * and only then the certificate ({@link SigningCertificates}: HTTPS, chain, validity, SNS's name)
 * and the signature over the canonical string.
 */
@Component
class SnsMessageVerifier {

    private static final Set<String> TYPES =
            Set.of(SnsMessage.NOTIFICATION, SnsMessage.SUBSCRIPTION_CONFIRMATION, SnsMessage.UNSUBSCRIBE_CONFIRMATION);
    private static final Pattern CERTIFICATE_PATH =
            Pattern.compile("/SimpleNotificationService-[A-Za-z0-9]{1,64}\\.pem");
    private static final int MAX_MESSAGE_ID = 100;

    private final SigningCertificates certificates;
    private final SnsHttpProperties properties;
    private final String snsHost;
    private final Clock clock;

    @Autowired
    SnsMessageVerifier(SigningCertificates certificates, SnsHttpProperties properties, EnvironmentTopology topology) {
        this(certificates, properties, topology, Clock.systemUTC());
    }

    SnsMessageVerifier(
            SigningCertificates certificates, SnsHttpProperties properties, EnvironmentTopology topology, Clock clock) {
        this.certificates = certificates;
        this.properties = properties;
        this.snsHost = snsHost(topology.region(), topology.partition());
        this.clock = clock;
    }

    /** SNS's regional endpoint host, which serves its signing certificates. */
    static String snsHost(String region, String partition) {
        return "sns." + region + ("aws-cn".equals(partition) ? ".amazonaws.com.cn" : ".amazonaws.com");
    }

    /**
     * Returns if SNS sent {@code message} for {@code topicArn}; otherwise throws {@link
     * RefusedSnsMessage}.
     *
     * @param typeHeader the {@code x-amz-sns-message-type} header, or null
     */
    void verify(SnsMessage message, String topicArn, String typeHeader) {
        if (!TYPES.contains(String.valueOf(message.type()))) {
            throw RefusedSnsMessage.badRequest("Type", "not an SNS message: Type must be one of " + TYPES);
        }
        if (typeHeader != null && !typeHeader.equals(message.type())) {
            throw RefusedSnsMessage.badRequest(
                    "x-amz-sns-message-type", "the x-amz-sns-message-type header does not match Type");
        }
        if (!topicArn.equals(message.get("TopicArn"))) {
            throw RefusedSnsMessage.forbidden("TopicArn", "TopicArn is not a topic this endpoint is subscribed to");
        }
        String messageId = message.get("MessageId");
        if (messageId == null || messageId.isBlank() || messageId.length() > MAX_MESSAGE_ID) {
            throw RefusedSnsMessage.badRequest("MessageId", "MessageId is missing or too long");
        }
        requireFresh(message.get("Timestamp"));
        String algorithm = switch (String.valueOf(message.get("SignatureVersion"))) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default -> throw RefusedSnsMessage.forbidden("SignatureVersion", "SignatureVersion must be 1 or 2");
        };
        byte[] signature = decode(message.get("Signature"));
        URI certificateUrl = requireSnsUrl(message.get("SigningCertURL"), "SigningCertURL");
        if (!CERTIFICATE_PATH.matcher(certificateUrl.getRawPath()).matches() || certificateUrl.getRawQuery() != null) {
            throw RefusedSnsMessage.forbidden("SigningCertURL", "SigningCertURL is not an SNS signing certificate URL");
        }
        if (SnsMessage.SUBSCRIPTION_CONFIRMATION.equals(message.type())) {
            requireConfirmationOf(message.get("SubscribeURL"), topicArn);
        }

        X509Certificate certificate = certificates.certificate(certificateUrl);
        try {
            var verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(message.canonicalString().getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(signature)) {
                throw RefusedSnsMessage.forbidden("Signature", "the signature does not match the message");
            }
        } catch (GeneralSecurityException unverifiable) {
            throw RefusedSnsMessage.forbidden("Signature", "the signature cannot be verified");
        }
    }

    private void requireFresh(String timestamp) {
        Instant sent;
        try {
            sent = Instant.parse(String.valueOf(timestamp));
        } catch (DateTimeParseException unreadable) {
            throw RefusedSnsMessage.badRequest("Timestamp", "Timestamp is missing or not ISO-8601");
        }
        Instant now = clock.instant();
        if (sent.isBefore(now.minus(properties.maxAge()))) {
            throw RefusedSnsMessage.forbidden("Timestamp", "Timestamp is older than " + properties.maxAge());
        }
        if (sent.isAfter(now.plus(properties.clockSkew()))) {
            throw RefusedSnsMessage.forbidden("Timestamp", "Timestamp is in the future");
        }
    }

    private static byte[] decode(String signature) {
        if (signature == null || signature.isBlank()) {
            throw RefusedSnsMessage.forbidden("Signature", "the message is not signed");
        }
        try {
            return Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException notBase64) {
            throw RefusedSnsMessage.forbidden("Signature", "Signature is not base64");
        }
    }

    /** An https URL on SNS's host for this region, and nothing else (no port, user or fragment). */
    private URI requireSnsUrl(String url, String field) {
        URI uri;
        try {
            uri = new URI(String.valueOf(url));
        } catch (java.net.URISyntaxException notAUrl) {
            throw RefusedSnsMessage.forbidden(field, field + " is not a URL");
        }
        if (!"https".equals(uri.getScheme())
                || !snsHost.equals(uri.getHost())
                || uri.getPort() != -1
                || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw RefusedSnsMessage.forbidden(field, field + " is not on " + snsHost);
        }
        return uri;
    }

    private void requireConfirmationOf(String subscribeUrl, String topicArn) {
        URI uri = requireSnsUrl(subscribeUrl, "SubscribeURL");
        var parameters = new java.util.HashMap<String, String>();
        for (String pair : String.valueOf(uri.getRawQuery()).split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            String value =
                    nameAndValue.length == 2 ? java.net.URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "";
            if (parameters.put(java.net.URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8), value) != null) {
                throw RefusedSnsMessage.forbidden("SubscribeURL", "SubscribeURL repeats a parameter");
            }
        }
        if (!"/".equals(uri.getPath())
                || !"ConfirmSubscription".equals(parameters.get("Action"))
                || !topicArn.equals(parameters.get("TopicArn"))) {
            throw RefusedSnsMessage.forbidden(
                    "SubscribeURL", "SubscribeURL does not confirm a subscription to this topic");
        }
    }
}

package dev.awsref.notification.snshttp;

import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Trust settings of the SNS HTTP(S) subscription endpoint. Which topics it accepts is not a
 * setting: it is the topology model's ({@code ServiceSpec.snsHttpsTopics}).
 *
 * @param maxAge how old a message's Timestamp may be; older ones are refused, and a MessageId is
 *     remembered this long (plus {@code clockSkew}) to refuse a replay
 * @param clockSkew how far in the future a Timestamp may be
 * @param certificateCacheSize signing certificates kept, by host and path (SNS rotates them rarely)
 * @param seenMessagesSize MessageIds remembered for replay protection, at most
 * @param certificateCommonName the subject names SNS signs with: {@code sns.amazonaws.com} (and
 *     {@code .com.cn}), or {@code sns-signing.<region>.amazonaws.com} in newer regions
 * @param trustAnchors PEM certificates of the certificate authorities to trust, both for the TLS
 *     connection that downloads a certificate and for the signing certificate's chain; empty means
 *     the JDK's default trust store (what every real configuration uses). Tests name their own CA.
 * @param proxy {@code host:port} of an HTTP proxy through which certificates are downloaded and
 *     subscriptions confirmed (CONNECT tunnels, so TLS and host name checks stay end to end); empty
 *     means direct. Tests point it at a tunnel to their own HTTPS server.
 * @param fetchTimeout connect and response timeout of those downloads
 */
@ConfigurationProperties("app.sns-http")
public record SnsHttpProperties(
        Duration maxAge,
        Duration clockSkew,
        int certificateCacheSize,
        int seenMessagesSize,
        Pattern certificateCommonName,
        String trustAnchors,
        String proxy,
        Duration fetchTimeout) {

    public SnsHttpProperties {
        maxAge = maxAge == null ? Duration.ofHours(1) : maxAge;
        clockSkew = clockSkew == null ? Duration.ofMinutes(5) : clockSkew;
        certificateCacheSize = certificateCacheSize <= 0 ? 16 : certificateCacheSize;
        seenMessagesSize = seenMessagesSize <= 0 ? 100_000 : seenMessagesSize;
        certificateCommonName = certificateCommonName == null
                ? Pattern.compile("sns\\.amazonaws\\.com(\\.cn)?|sns-signing\\.[a-z0-9-]+\\.amazonaws\\.com")
                : certificateCommonName;
        trustAnchors = trustAnchors == null ? "" : trustAnchors;
        proxy = proxy == null ? "" : proxy;
        fetchTimeout = fetchTimeout == null ? Duration.ofSeconds(5) : fetchTimeout;
    }
}

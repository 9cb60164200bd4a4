package dev.awsref.notification.snshttp;

import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Trust settings of the SNS HTTP(S) subscription endpoint.
 *
 * @param certificateHost the hosts a SigningCertURL may point at: SNS's own, {@code
 *     sns.<region>.amazonaws.com} (and {@code .com.cn} in China); always over https
 * @param certificateCommonName what the certificate's subject CN must be: SNS's own
 * @param subscribeUrl what a SubscriptionConfirmation's SubscribeURL must match before the service
 *     GETs it (the message is signed too; this keeps the service from being told to call anything)
 * @param pinnedCertificates PEM certificates by SigningCertURL, used instead of downloading the
 *     URL. Empty in every real configuration; tests pin their own certificate under an SNS-shaped
 *     URL, so the host rule and the signature check still run.
 */
@ConfigurationProperties("app.sns-http")
public record SnsHttpProperties(
        Pattern certificateHost,
        Pattern certificateCommonName,
        Pattern subscribeUrl,
        Map<String, String> pinnedCertificates) {

    public SnsHttpProperties {
        certificateHost = certificateHost == null
                ? Pattern.compile("sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?")
                : certificateHost;
        certificateCommonName = certificateCommonName == null
                ? Pattern.compile("sns\\.amazonaws\\.com(\\.cn)?")
                : certificateCommonName;
        subscribeUrl = subscribeUrl == null
                ? Pattern.compile("https://sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/.*")
                : subscribeUrl;
        pinnedCertificates = pinnedCertificates == null ? Map.of() : Map.copyOf(pinnedCertificates);
    }
}

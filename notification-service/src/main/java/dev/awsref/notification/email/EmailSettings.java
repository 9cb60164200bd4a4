package dev.awsref.notification.email;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who the emails come from and go to. SMTP itself is Spring Boot's {@code spring.mail.*}.
 *
 * @param from the sender address (in AWS: an address or domain verified in SES)
 * @param operationsAddress where high-value order alerts and document links go
 * @param customerDomain customers are mailed at {@code <customerId>@<customerDomain>}: the events
 *     carry a customer id, and this reference has no customer directory to look the address up in
 * @param trackingUrl the carrier tracking page; {@code {trackingNumber}} is replaced
 * @param documentsUrl where a document link points; {@code {bucket}} and {@code {key}} are replaced
 */
@ConfigurationProperties("app.mail")
public record EmailSettings(
        String from, String operationsAddress, String customerDomain, String trackingUrl, String documentsUrl) {

    public EmailSettings {
        from = from == null ? "shop@example.com" : from;
        operationsAddress = operationsAddress == null ? "operations@example.com" : operationsAddress;
        customerDomain = customerDomain == null ? "customers.example.com" : customerDomain;
        trackingUrl = trackingUrl == null ? "https://tracking.example.com/{trackingNumber}" : trackingUrl;
        documentsUrl = documentsUrl == null ? "https://documents.example.com/{bucket}/{key}" : documentsUrl;
        URI.create(trackingUrl.replace("{", "").replace("}", "")); // fail at start-up, not at the first email
    }

    public String customerAddress(String customerId) {
        return customerId + "@" + customerDomain;
    }
}

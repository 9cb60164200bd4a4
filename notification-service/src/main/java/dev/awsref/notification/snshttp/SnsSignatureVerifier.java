package dev.awsref.notification.snshttp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import org.springframework.stereotype.Component;

/**
 * Checks that an SNS HTTP delivery was signed by SNS: SignatureVersion 1 (SHA1withRSA) or 2
 * (SHA256withRSA) over the message's canonical string, with the public key of the certificate at
 * SigningCertURL, which must be an https URL on an SNS host. The certificate is downloaded over
 * TLS with the JDK's default trust (so the host really is AWS's), checked for its validity period,
 * and cached by URL.
 *
 * <p>Why not the SDK's {@code SnsMessageManager} (sns-message-manager, which Spring Cloud AWS's
 * SNS HTTP support builds on)? Its builder takes only a region and an HTTP client; it accepts
 * certificate URLs on the region's SNS host and certificates whose CN is SNS's, fetched through
 * that client. A test could only make it trust a certificate of its own by handing it a fake HTTP
 * client that poses as AWS. The rules here are the same (https, SNS host, SNS CN, validity), and a
 * test configuration may pin a certificate to an SNS-shaped URL ({@link SnsHttpProperties}).
 */
@Component
class SnsSignatureVerifier {

    private final SnsHttpProperties properties;
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SnsSignatureVerifier(SnsHttpProperties properties) {
        this.properties = properties;
    }

    /** Throws {@link InvalidSnsSignatureException} unless SNS signed {@code message}. */
    void verify(SnsMessage message) {
        String algorithm = switch (String.valueOf(message.get("SignatureVersion"))) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default ->
                throw new InvalidSnsSignatureException(
                        "unsupported SignatureVersion " + message.get("SignatureVersion"));
        };
        String signature = message.get("Signature");
        if (signature == null || signature.isBlank()) {
            throw new InvalidSnsSignatureException("message is not signed");
        }
        X509Certificate certificate = certificate(message.get("SigningCertURL"));
        try {
            certificate.checkValidity();
            requireSnsCommonName(certificate);
            var verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(message.canonicalString().getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(Base64.getDecoder().decode(signature))) {
                throw new InvalidSnsSignatureException("signature does not match the message");
            }
        } catch (GeneralSecurityException | IllegalArgumentException invalid) {
            throw new InvalidSnsSignatureException("signature cannot be verified: " + invalid.getMessage());
        }
    }

    private void requireSnsCommonName(X509Certificate certificate) {
        try {
            boolean sns = new LdapName(certificate.getSubjectX500Principal().getName())
                    .getRdns().stream()
                            .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                            .anyMatch(rdn -> properties
                                    .certificateCommonName()
                                    .matcher(String.valueOf(rdn.getValue()))
                                    .matches());
            if (!sns) {
                throw new InvalidSnsSignatureException(
                        "certificate " + certificate.getSubjectX500Principal() + " is not SNS's");
            }
        } catch (InvalidNameException unreadable) {
            throw new InvalidSnsSignatureException("certificate subject cannot be read");
        }
    }

    private X509Certificate certificate(String url) {
        if (url == null) {
            throw new InvalidSnsSignatureException("no SigningCertURL");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException notAUri) {
            throw new InvalidSnsSignatureException("SigningCertURL is not a URL");
        }
        if (!"https".equals(uri.getScheme())
                || uri.getHost() == null
                || uri.getPort() != -1
                || !properties.certificateHost().matcher(uri.getHost()).matches()
                || !uri.getPath().endsWith(".pem")) {
            throw new InvalidSnsSignatureException("SigningCertURL " + url + " is not an SNS certificate URL");
        }
        return certificates.computeIfAbsent(url, this::load);
    }

    private X509Certificate load(String url) {
        String pinned = properties.pinnedCertificates().get(url);
        try {
            byte[] pem = pinned != null ? pinned.getBytes(StandardCharsets.US_ASCII) : download(url);
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        } catch (CertificateException notACertificate) {
            throw new InvalidSnsSignatureException("no certificate at " + url);
        }
    }

    private byte[] download(String url) {
        try {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new InvalidSnsSignatureException("certificate download failed: HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new InvalidSnsSignatureException("certificate download failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidSnsSignatureException("interrupted while downloading the certificate");
        }
    }
}

package dev.awsref.notification.snshttp;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import org.springframework.stereotype.Component;

/**
 * SNS's signing certificates, downloaded from their SigningCertURL (which the verifier has already
 * checked to be {@code https://sns.<region>.amazonaws.com/SimpleNotificationService-<id>.pem}) and
 * kept in a bounded cache keyed by host and path.
 *
 * <p>A certificate is accepted only if (AWS, "Verifying the signatures of Amazon SNS messages",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html):
 *
 * <ul>
 *   <li>it was received over HTTPS from the SNS host, whose TLS chain and host name the client
 *       checked against the trust anchors;
 *   <li>its own chain leads to a trust anchor (PKIX path building with the JDK's CertPathBuilder;
 *       intermediates from the PEM file and from the SNS host's TLS chain);
 *   <li>it is within its validity period, and its subject names SNS.
 * </ul>
 *
 * A download that fails, or a certificate that fails a check, is not cached, and the message is
 * refused.
 */
@Component
class SigningCertificates {

    /** Larger than any certificate chain SNS serves; a bigger answer is not a certificate. */
    private static final int MAX_PEM_BYTES = 64 * 1024;

    private final SnsTrust trust;
    private final SnsHttpProperties properties;
    private final Cache<String, X509Certificate> cache;

    SigningCertificates(SnsTrust trust, SnsHttpProperties properties) {
        this.trust = trust;
        this.properties = properties;
        this.cache = Caffeine.newBuilder()
                .maximumSize(properties.certificateCacheSize())
                .expireAfterWrite(Duration.ofHours(24))
                .build();
    }

    /** The certificate at {@code url}, checked; throws {@link RefusedSnsMessage} if it is not SNS's. */
    X509Certificate certificate(URI url) {
        X509Certificate certificate = cache.get(url.getHost() + url.getPath(), key -> download(url));
        try {
            certificate.checkValidity(); // a cached one may have expired since
        } catch (GeneralSecurityException expired) {
            cache.invalidate(url.getHost() + url.getPath());
            throw RefusedSnsMessage.forbidden("SigningCertURL", "the signing certificate is not valid now");
        }
        return certificate;
    }

    /** How many certificates the cache holds (for tests and metrics). */
    long cached() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private X509Certificate download(URI url) {
        HttpResponse<byte[]> response;
        try {
            response = trust.http()
                    .send(
                            HttpRequest.newBuilder(url)
                                    .timeout(properties.fetchTimeout())
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException unreachable) {
            throw RefusedSnsMessage.forbidden(
                    "SigningCertURL", "the signing certificate could not be downloaded over trusted TLS");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RefusedSnsMessage.forbidden(
                    "SigningCertURL", "interrupted while downloading the signing certificate");
        }
        if (response.statusCode() != 200 || response.body().length > MAX_PEM_BYTES) {
            throw RefusedSnsMessage.forbidden("SigningCertURL", "no signing certificate at the SigningCertURL");
        }
        List<X509Certificate> served = parse(response.body());
        X509Certificate signing = served.getFirst();
        var intermediates = new ArrayList<Certificate>(served);
        response.sslSession().ifPresent(tls -> {
            try {
                intermediates.addAll(List.of(tls.getPeerCertificates()));
            } catch (javax.net.ssl.SSLPeerUnverifiedException unverified) {
                // then the chain must be complete in the PEM file
            }
        });
        try {
            signing.checkValidity();
        } catch (GeneralSecurityException outOfDate) {
            throw RefusedSnsMessage.forbidden("SigningCertURL", "the signing certificate is not valid now");
        }
        requireSnsName(signing);
        requireTrustedChain(signing, intermediates);
        return signing;
    }

    private static List<X509Certificate> parse(byte[] pem) {
        try {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (certificates.isEmpty()) {
                throw RefusedSnsMessage.forbidden("SigningCertURL", "no signing certificate at the SigningCertURL");
            }
            return certificates.stream().map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException notACertificate) {
            throw RefusedSnsMessage.forbidden("SigningCertURL", "no signing certificate at the SigningCertURL");
        }
    }

    private void requireSnsName(X509Certificate certificate) {
        try {
            boolean sns = new LdapName(certificate.getSubjectX500Principal().getName())
                    .getRdns().stream()
                            .filter(rdn -> rdn.getType().equalsIgnoreCase("CN"))
                            .anyMatch(rdn -> properties
                                    .certificateCommonName()
                                    .matcher(String.valueOf(rdn.getValue()))
                                    .matches());
            if (!sns) {
                throw RefusedSnsMessage.forbidden("SigningCertURL", "the signing certificate is not SNS's");
            }
        } catch (InvalidNameException unreadable) {
            throw RefusedSnsMessage.forbidden("SigningCertURL", "the signing certificate's subject cannot be read");
        }
    }

    private void requireTrustedChain(X509Certificate signing, List<Certificate> intermediates) {
        try {
            var target = new X509CertSelector();
            target.setCertificate(signing);
            var parameters = new PKIXBuilderParameters(trust.anchors(), target);
            parameters.addCertStore(
                    CertStore.getInstance("Collection", new CollectionCertStoreParameters(intermediates)));
            // Revocation would need OCSP or CRL downloads on every new certificate; SNS rotates
            // its certificates and the cache keeps one at most a day.
            parameters.setRevocationEnabled(false);
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (GeneralSecurityException untrusted) {
            throw RefusedSnsMessage.forbidden(
                    "SigningCertURL", "the signing certificate does not chain to a trusted authority");
        }
    }
}

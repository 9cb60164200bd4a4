package dev.awsref.notification.snshttp;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.springframework.stereotype.Component;

/**
 * Whom the SNS endpoint trusts, in one place: the certificate authorities (the JDK's default trust
 * store unless {@code app.sns-http.trust-anchors} names others) and the HTTP client that talks to
 * SNS with them, for certificate downloads and subscription confirmations. The client checks the
 * server's certificate chain and host name as any HTTPS client does; nothing here relaxes that.
 */
@Component
class SnsTrust {

    private final Set<TrustAnchor> anchors;
    private final HttpClient http;

    SnsTrust(SnsHttpProperties properties) {
        try {
            var trustStore = properties.trustAnchors().isBlank() ? null : keyStoreOf(properties.trustAnchors());
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            var trustManager = Arrays.stream(factory.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance)
                    .map(X509TrustManager.class::cast)
                    .findFirst()
                    .orElseThrow();
            anchors = Arrays.stream(trustManager.getAcceptedIssuers())
                    .map(ca -> new TrustAnchor(ca, null))
                    .collect(Collectors.toUnmodifiableSet());
            var tls = SSLContext.getInstance("TLS");
            tls.init(null, factory.getTrustManagers(), null);
            var builder = HttpClient.newBuilder()
                    .sslContext(tls)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(properties.fetchTimeout());
            if (!properties.proxy().isBlank()) {
                String[] hostAndPort = properties.proxy().split(":", 2);
                builder.proxy(ProxySelector.of(
                        InetSocketAddress.createUnresolved(hostAndPort[0], Integer.parseInt(hostAndPort[1]))));
            }
            http = builder.build();
        } catch (GeneralSecurityException | java.io.IOException unusable) {
            throw new IllegalStateException("app.sns-http.trust-anchors cannot be used", unusable);
        }
    }

    Set<TrustAnchor> anchors() {
        return anchors;
    }

    HttpClient http() {
        return http;
    }

    private static KeyStore keyStoreOf(String pem) throws GeneralSecurityException, java.io.IOException {
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (Certificate ca : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
            store.setCertificateEntry("anchor-" + n++, (X509Certificate) ca);
        }
        return store;
    }
}

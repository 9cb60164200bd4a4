package dev.awsref.notification.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Plays SNS for the HTTP subscription endpoint: a key pair and a self-signed certificate made by
 * the JDK's keytool for this test run only, pinned (by test configuration) to an SNS-shaped
 * SigningCertURL, and the signing SNS does.
 */
public final class TestSnsSigner {

    public static final String CERTIFICATE_URL =
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-test.pem";
    private static final char[] PASSWORD = "test-only".toCharArray();
    /** Where the test pins a certificate whose CN is not SNS's. */
    public static final String WRONG_NAME_CERTIFICATE_URL =
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-wrong-name.pem";

    private static volatile TestSnsSigner shared;
    private static volatile TestSnsSigner wrongName;

    private final PrivateKey key;
    private final String certificatePem;

    private TestSnsSigner(String commonName) {
        try {
            Path dir = Files.createTempDirectory("sns-signer");
            Path store = dir.resolve("sns.p12");
            Process keytool = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "keytool")
                                    .toString(),
                            "-genkeypair",
                            "-alias",
                            "sns",
                            "-keyalg",
                            "RSA",
                            "-keysize",
                            "2048",
                            "-dname",
                            "CN=" + commonName,
                            "-validity",
                            "2",
                            "-storetype",
                            "PKCS12",
                            "-keystore",
                            store.toString(),
                            "-storepass",
                            new String(PASSWORD),
                            "-keypass",
                            new String(PASSWORD))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            var keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keyStore.load(in, PASSWORD);
            }
            key = (PrivateKey) keyStore.getKey("sns", PASSWORD);
            Certificate certificate = keyStore.getCertificate("sns");
            certificatePem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static TestSnsSigner get() {
        if (shared == null) {
            synchronized (TestSnsSigner.class) {
                if (shared == null) {
                    shared = new TestSnsSigner("sns.amazonaws.com");
                }
            }
        }
        return shared;
    }

    /** A signer whose certificate names someone other than SNS. */
    public static TestSnsSigner wrongName() {
        if (wrongName == null) {
            synchronized (TestSnsSigner.class) {
                if (wrongName == null) {
                    wrongName = new TestSnsSigner("sns.example.org");
                }
            }
        }
        return wrongName;
    }

    public String certificatePem() {
        return certificatePem;
    }

    /**
     * The fields with Signature, SignatureVersion and SigningCertURL added, signed as SNS signs:
     * over "name\nvalue\n" of the signed fields, in alphabetical order.
     */
    public Map<String, String> sign(Map<String, String> fields, int signatureVersion, String certificateUrl) {
        List<String> signed = "Notification".equals(fields.get("Type"))
                ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
        var canonical = new StringBuilder();
        for (String name : signed) {
            if (fields.containsKey(name)) {
                canonical.append(name).append('\n').append(fields.get(name)).append('\n');
            }
        }
        try {
            var signature = Signature.getInstance(signatureVersion == 1 ? "SHA1withRSA" : "SHA256withRSA");
            signature.initSign(key);
            signature.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
            var message = new TreeMap<>(fields);
            message.put("SignatureVersion", String.valueOf(signatureVersion));
            message.put("Signature", Base64.getEncoder().encodeToString(signature.sign()));
            message.put("SigningCertURL", certificateUrl);
            return message;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.awsref.notification.support;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Plays SNS for the HTTP subscription endpoint, with real certificates and a real HTTPS server:
 *
 * <ul>
 *   <li>a certificate authority made for this test run by the JDK's keytool, which only the test
 *       configuration trusts ({@code app.sns-http.trust-anchors});
 *   <li>a signing certificate it issued with SNS's name ({@code CN=sns.amazonaws.com}), one with
 *       another name, and a self-signed one with SNS's name that chains to nothing;
 *   <li>an HTTPS server with a TLS certificate for {@code sns.us-east-1.amazonaws.com} that serves
 *       those certificates at {@code /SimpleNotificationService-<name>.pem} and records visits to
 *       SubscribeURLs ({@code /?Action=ConfirmSubscription...});
 *   <li>a CONNECT proxy that tunnels every connection to that server: the test's host rule. The
 *       service downloads {@code https://sns.us-east-1.amazonaws.com/...} through it
 *       ({@code app.sns-http.proxy}) and still checks TLS, the host name and the chain end to end.
 * </ul>
 */
public final class TestSnsSigner {

    public static final String SNS_HOST = "sns.us-east-1.amazonaws.com";
    public static final String CERTIFICATE_URL = url("test");
    /** A certificate the test CA issued to a name other than SNS's. */
    public static final String WRONG_NAME_CERTIFICATE_URL = url("wrong-name");
    /** A self-signed certificate with SNS's name: it chains to no trusted authority. */
    public static final String UNTRUSTED_CERTIFICATE_URL = url("untrusted");

    private static final char[] PASSWORD = "test-only".toCharArray();
    private static volatile TestSnsSigner shared;

    private final Path dir;
    private final KeyStore keys;
    private final String caPem;
    private final Map<String, String> pemByPath = new ConcurrentHashMap<>();
    private final Map<String, PrivateKey> keyByUrl = new ConcurrentHashMap<>();
    private final AtomicInteger downloads = new AtomicInteger();
    private final List<String> confirmations = new CopyOnWriteArrayList<>();
    private final List<String> tunnelledHosts = new CopyOnWriteArrayList<>();
    private final HttpsServer https;
    private final ServerSocket proxy;

    private TestSnsSigner() {
        try {
            dir = Files.createTempDirectory("sns-signer");
            keytool("-genkeypair", "-alias", "ca", "-dname", "CN=Test SNS Root CA", "-ext", "bc:c");
            caPem = keytool("-exportcert", "-alias", "ca", "-rfc");
            String signing = issue("sns", "CN=sns.amazonaws.com");
            String wrongName = issue("wrong", "CN=sns.example.org");
            keytool("-genkeypair", "-alias", "untrusted", "-dname", "CN=sns.amazonaws.com");
            String untrusted = keytool("-exportcert", "-alias", "untrusted", "-rfc");
            String tls = issue("tls", "CN=" + SNS_HOST, "-ext", "san=dns:" + SNS_HOST);
            keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve("keys.p12"))) {
                keys.load(in, PASSWORD);
            }
            serve("test", signing, "sns");
            serve("wrong-name", wrongName, "wrong");
            serve("untrusted", untrusted, "untrusted");
            https = httpsServer(tls);
            proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().name("sns-test-proxy").start(this::acceptTunnels);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestSnsSigner get() {
        if (shared == null) {
            synchronized (TestSnsSigner.class) {
                if (shared == null) {
                    shared = new TestSnsSigner();
                }
            }
        }
        return shared;
    }

    public static String url(String name) {
        return "https://" + SNS_HOST + "/SimpleNotificationService-" + name.replace("-", "") + ".pem";
    }

    /** The test CA, for {@code app.sns-http.trust-anchors}. */
    public String caPem() {
        return caPem;
    }

    /** {@code host:port} of the tunnel, for {@code app.sns-http.proxy}. */
    public String proxy() {
        return "127.0.0.1:" + proxy.getLocalPort();
    }

    /** Serves the trusted SNS-named signing certificate under another name (a rotated certificate). */
    public String newCertificateUrl(String name) {
        serve(name, pemByPath.get(path(CERTIFICATE_URL)), "sns");
        return url(name);
    }

    /** Certificate downloads the HTTPS server answered so far. */
    public int downloads() {
        return downloads.get();
    }

    /** Query strings of the SubscribeURL visits so far. */
    public List<String> confirmations() {
        return List.copyOf(confirmations);
    }

    /**
     * The fields with Signature, SignatureVersion and SigningCertURL added, signed as SNS signs:
     * over "name\nvalue\n" of the signed fields, in alphabetical order, with the key of the
     * certificate at {@code certificateUrl} (the trusted SNS key for any other URL).
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
            signature.initSign(keyByUrl.getOrDefault(certificateUrl, keyByUrl.get(CERTIFICATE_URL)));
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

    private void serve(String name, String pem, String alias) {
        pemByPath.put(path(url(name)), pem);
        try {
            keyByUrl.put(url(name), (PrivateKey) keys.getKey(alias, PASSWORD));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String path(String url) {
        return java.net.URI.create(url).getPath();
    }

    /** A key pair under {@code alias}, its certificate issued by the CA; returns the PEM. */
    private String issue(String alias, String dname, String... extensions) throws IOException {
        keytool("-genkeypair", "-alias", alias, "-dname", dname);
        Path request = dir.resolve(alias + ".csr");
        keytool("-certreq", "-alias", alias, "-file", request.toString());
        var gencert = new java.util.ArrayList<>(
                List.of("-gencert", "-alias", "ca", "-infile", request.toString(), "-rfc", "-validity", "2"));
        gencert.addAll(List.of(extensions));
        return keytool(gencert.toArray(String[]::new));
    }

    private String keytool(String... arguments) throws IOException {
        var command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-keystore",
                dir.resolve("keys.p12").toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                new String(PASSWORD)));
        command.addAll(List.of(arguments));
        if (arguments[0].equals("-genkeypair")) {
            command.addAll(List.of("-keyalg", "RSA", "-keysize", "2048", "-validity", "2"));
        }
        Process keytool = new ProcessBuilder(command).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        String errors = new String(keytool.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output + errors);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return output;
    }

    private HttpsServer httpsServer(String tlsPem) throws IOException, GeneralSecurityException {
        var factory = CertificateFactory.getInstance("X.509");
        Certificate tls =
                factory.generateCertificate(new ByteArrayInputStream(tlsPem.getBytes(StandardCharsets.US_ASCII)));
        Certificate ca =
                factory.generateCertificate(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
        var serverKeys = KeyStore.getInstance("PKCS12");
        serverKeys.load(null, null);
        serverKeys.setKeyEntry("tls", keys.getKey("tls", PASSWORD), PASSWORD, new Certificate[] {tls, ca});
        var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(serverKeys, PASSWORD);
        var context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);

        var server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String pem = pemByPath.get(path);
            if (pem != null) {
                downloads.incrementAndGet();
                byte[] body = pem.getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else if (path.equals("/") && exchange.getRequestURI().getRawQuery() != null) {
                confirmations.add(exchange.getRequestURI().getRawQuery());
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    /** Answers every CONNECT with a tunnel to the HTTPS server, whatever host it names. */
    private void acceptTunnels() {
        while (!proxy.isClosed()) {
            try {
                Socket client = proxy.accept();
                Thread.ofVirtual().start(() -> tunnel(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try (client;
                Socket server = new Socket(
                        InetAddress.getLoopbackAddress(), https.getAddress().getPort())) {
            var in = client.getInputStream();
            var head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return;
                }
                head.append((char) b);
            }
            tunnelledHosts.add(head.substring(0, head.indexOf("\r\n")));
            client.getOutputStream()
                    .write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            Thread upstream = Thread.ofVirtual().start(() -> {
                try {
                    in.transferTo(server.getOutputStream());
                    server.shutdownOutput();
                } catch (IOException closed) {
                    // the client went away
                }
            });
            server.getInputStream().transferTo(client.getOutputStream());
            upstream.join(TimeUnit.SECONDS.toMillis(30));
        } catch (IOException closed) {
            // either side closed the tunnel
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The CONNECT request lines the tunnel served, e.g. {@code CONNECT sns.us-east-1.amazonaws.com:443 HTTP/1.1}. */
    public List<String> tunnelledHosts() {
        return List.copyOf(tunnelledHosts);
    }
}

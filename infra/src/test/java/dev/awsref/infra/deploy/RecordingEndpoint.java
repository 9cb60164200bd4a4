package dev.awsref.infra.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A local HTTP endpoint that records the requests our SDK clients send and answers each Elastic
 * Beanstalk (query protocol) or S3 operation with a canned, well-formed response. It is a
 * recording endpoint for checking what the deploy command asks for, not an emulator of Elastic
 * Beanstalk: it keeps just enough state (each environment's version label and CNAME) to answer consistently,
 * and an environment becomes Ready and Green at once unless a version is set to fail.
 */
final class RecordingEndpoint implements AutoCloseable {

    /** One request: the EB Action (or {@code S3 PUT /bucket/key}) and its parameters. */
    record Recorded(String operation, Map<String, String> parameters) {}

    static final String BUCKET = "elasticbeanstalk-us-east-1-123456789012";
    private static final String NS = "http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/";

    private final HttpServer server;
    private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> versionByEnvironment = new HashMap<>();
    private final Map<String, String> cnameByEnvironment = new HashMap<>();
    private String failingVersion;

    RecordingEndpoint(String existingEnvironment, String currentVersion) throws IOException {
        versionByEnvironment.put(existingEnvironment, currentVersion);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Environments on this version report Red health, as a broken release would. */
    void failVersion(String label) {
        failingVersion = label;
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    List<String> operations() {
        return requests().stream().map(Recorded::operation).toList();
    }

    Recorded first(String operation) {
        return requests().stream()
                .filter(r -> r.operation().equals(operation))
                .findFirst()
                .orElseThrow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if ("PUT".equals(exchange.getRequestMethod())) {
            requests.add(
                    new Recorded("S3 PUT " + exchange.getRequestURI().getPath(), Map.of("bytes", "" + body.length)));
            exchange.getResponseHeaders().add("ETag", "\"0123\"");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            return;
        }
        Map<String, String> params = AwsQueryForm.parse(new String(body, StandardCharsets.UTF_8));
        String action = params.remove("Action");
        params.remove("Version");
        requests.add(new Recorded(action, params));
        String result = switch (action) {
            case "DescribeEnvironments" -> describeEnvironments(params.get("EnvironmentNames.member.1"));
            case "CreateStorageLocation" -> "<S3Bucket>" + BUCKET + "</S3Bucket>";
            case "UpdateEnvironment" -> {
                if (params.containsKey("VersionLabel")) {
                    versionByEnvironment.put(params.get("EnvironmentName"), params.get("VersionLabel"));
                }
                yield "<EnvironmentName>" + params.get("EnvironmentName")
                        + "</EnvironmentName><Status>Updating</Status>";
            }
            case "CreateEnvironment" -> {
                versionByEnvironment.put(params.get("EnvironmentName"), params.get("VersionLabel"));
                yield "<EnvironmentName>" + params.get("EnvironmentName")
                        + "</EnvironmentName><Status>Launching</Status>";
            }
            case "SwapEnvironmentCNAMEs" -> {
                String source = params.get("SourceEnvironmentName");
                String destination = params.get("DestinationEnvironmentName");
                String cname = cname(source);
                cnameByEnvironment.put(source, cname(destination));
                cnameByEnvironment.put(destination, cname);
                yield "";
            }
            case "TerminateEnvironment" -> {
                versionByEnvironment.remove(params.get("EnvironmentName"));
                yield "<EnvironmentName>" + params.get("EnvironmentName")
                        + "</EnvironmentName><Status>Terminating</Status>";
            }
            case "DescribeEvents" ->
                "<Events><member><EventDate>2026-01-01T00:00:00Z</EventDate><Severity>INFO</Severity>"
                        + "<Message>Environment update is starting.</Message></member></Events>";
            case "DescribeEnvironmentHealth" -> {
                boolean red = isFailing(params.get("EnvironmentName"));
                yield "<EnvironmentName>" + params.get("EnvironmentName") + "</EnvironmentName>"
                        + "<Status>Ready</Status><Color>" + (red ? "Red" : "Green") + "</Color>"
                        + "<HealthStatus>" + (red ? "Severe" : "Ok") + "</HealthStatus>"
                        + "<Causes>" + (red ? "<member>100 % of the requests are failing with HTTP 5xx.</member>" : "")
                        + "</Causes><InstancesHealth><Ok>" + (red ? 0 : 2) + "</Ok><Severe>" + (red ? 2 : 0)
                        + "</Severe></InstancesHealth>";
            }
            default -> ""; // CreateApplicationVersion, CreateConfigurationTemplate, Delete...
        };
        byte[] xml = ("<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</" + action
                        + "Result><ResponseMetadata><RequestId>req-" + requests.size()
                        + "</RequestId></ResponseMetadata></" + action + "Response>")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(200, xml.length);
        exchange.getResponseBody().write(xml);
        exchange.close();
    }

    private boolean isFailing(String environment) {
        return failingVersion != null && failingVersion.equals(versionByEnvironment.get(environment));
    }

    private String cname(String environment) {
        return cnameByEnvironment.getOrDefault(environment, environment + ".us-east-1.elasticbeanstalk.com");
    }

    private String describeEnvironments(String name) {
        String version = versionByEnvironment.get(name);
        if (version == null) {
            return "<Environments/>";
        }
        return "<Environments><member><EnvironmentName>" + name + "</EnvironmentName><EnvironmentId>e-" + name.length()
                + "</EnvironmentId><VersionLabel>" + version + "</VersionLabel><Status>Ready</Status><Health>"
                + (isFailing(name) ? "Red" : "Green") + "</Health><CNAME>" + cname(name)
                + "</CNAME></member></Environments>";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

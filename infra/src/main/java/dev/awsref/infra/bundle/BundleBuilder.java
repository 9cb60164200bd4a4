package dev.awsref.infra.bundle;

import dev.awsref.platform.aot.AotTraining;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds an Elastic Beanstalk source bundle for the Java SE platform from a service's Spring Boot
 * jar:
 *
 * <pre>
 * application.jar                                            the service, unchanged
 * Procfile                                                   how the platform starts it (port from PORT)
 * .platform/hooks/predeploy/20_aot_cache.sh                  extracts the jar to app/, trains an AOT cache
 * .platform/aot/train-aot-cache.sh                           ... with the script the Docker image uses
 * .platform/nginx/conf.d/elasticbeanstalk/00_application.conf  nginx: the server block's location /
 * .platform/cloudwatch-agent/otlp-traces.json                the CloudWatch agent receives OTLP traces
 * .platform/hooks/postdeploy/10_otlp_traces.sh               ... and this hook adds that to its config
 * .ebextensions/https-redirect.config                        public APIs: port 80 redirects to HTTPS
 * </pre>
 *
 * Option settings live in the CDK app and the deploy command; the one {@code .ebextensions} file
 * is there because a listener's redirect action is a CloudFormation property of the load balancer
 * Elastic Beanstalk creates, which no option setting reaches. Entries have a fixed timestamp, so
 * the same jar always gives the same bytes (and the same version label).
 */
public final class BundleBuilder {

    /**
     * Heap at 75% of the instance's memory; the rest is metaspace, threads and the OS. Compact object
     * headers (JDK 25, JEP 519) make every object 4 bytes smaller, so the same heap holds more. Every
     * 5 s the JVM gives the C library's freed memory back to the OS (TrimNativeHeapInterval, JDK 21+):
     * the compiler's scratch memory, freed after a burst of compiles, otherwise stays resident. The
     * AOT cache refuses a run whose object layout differs from its training run's, so the training
     * in {@link #AOT_HOOK} uses exactly these flags.
     */
    static final String JVM_FLAGS =
            "-XX:MaxRAMPercentage=75 -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=5000";

    /**
     * The service runs from the jar the predeploy hook extracted, with the JDK AOT cache the hook
     * trained. The default platform branch runs Corretto 25, which uses the cache; on a Corretto 21
     * branch, {@code -XX:+IgnoreUnrecognizedVMOptions} lets the JVM start without the flags it does
     * not know (the cache, compact headers) rather than not at all. A JDK 25 handed a missing or
     * stale cache logs why and starts without it.
     */
    public static final String PROCFILE = "web: java " + JVM_FLAGS + " -XX:+IgnoreUnrecognizedVMOptions"
            + " -XX:AOTCache=app/application.aot -jar app/application.jar\n";

    /** Where the bundle carries platform's AOT training script ({@link AotTraining#SCRIPT}). */
    static final String AOT_SCRIPT = ".platform/aot/" + AotTraining.SCRIPT;

    /**
     * Runs on the instance before the new version starts: this is how the bundle's AOT cache is
     * made. A JDK AOT cache (JEP 483/514) is only valid for the JVM build that made it, so the build
     * machine (another JDK build) cannot make it: it is trained here, by the instance's own Corretto,
     * once per deployment, with the Procfile's flags, by the script the Docker image trains with
     * ({@link AotTraining#SCRIPT}: extract, an offline training run that stops after the context
     * refresh, then a start with {@code -XX:AOTMode=on} that deletes a cache it refuses). The
     * instance's environment properties are not there in a hook, and the training run needs none.
     * A failed training or check costs start-up time, never the deployment: each run is cut off
     * after 4 minutes, so both fit in the deployment's command timeout (600 s by default).
     */
    static final String AOT_HOOK = """
            #!/bin/bash
            # app/: the extracted jar the Procfile runs; app/application.aot: its JDK AOT cache (JDK 25+).
            set -euo pipefail
            cd /var/app/staging
            AOT_TRAINING_TIMEOUT=240 exec bash @SCRIPT@ application.jar app @JVM_FLAGS@
            """.replace("@JVM_FLAGS@", JVM_FLAGS).replace("@SCRIPT@", AOT_SCRIPT);

    /** Where the CloudWatch agent takes OTLP over HTTP (the services' exporter endpoint) and gRPC. */
    public static final int OTLP_HTTP_PORT = 4318;

    public static final int OTLP_GRPC_PORT = 4317;

    private static final FileTime FIXED_TIME = FileTime.fromMillis(315_532_800_000L); // 1980-01-01

    private BundleBuilder() {}

    /** The services there are bundles for: those the topology model declares. */
    private static final Topology MODEL = ReferenceTopology.definition();

    /**
     * nginx settings for a service, as the platform's default {@code location /} replaced. Files in
     * {@code .platform/nginx/conf.d/} land in the http block, where the server block's own
     * settings (its {@code gzip}, {@code keepalive_timeout}...) override them, and the same
     * directive again in the server block is a duplicate nginx refuses; inside the location they
     * take effect. A service that produces a stream takes batches of events in a request
     * (analytics-service's activity ingest), so it accepts bodies up to 10 MB; the others take
     * small JSON bodies, up to 1 MB.
     */
    public static String nginxConf(String serviceId) {
        ServiceSpec service = service(serviceId);
        boolean ingestsBatches = MODEL.streams().stream().anyMatch(stream -> stream.producer() == service.name());
        String maxBody = ingestsBatches ? "10m" : "1m";
        return "# replaces the platform's default location in its server block (Amazon Linux 2023 Java SE)\n"
                + "location / {\n"
                + "    proxy_pass http://127.0.0.1:5000;\n"
                + "    proxy_http_version 1.1;\n"
                + "    proxy_set_header Connection $connection_upgrade;\n"
                + "    proxy_set_header Upgrade $http_upgrade;\n"
                + "    proxy_set_header Host $host;\n"
                + "    proxy_set_header X-Real-IP $remote_addr;\n"
                + "    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                + "    proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;\n"
                + "    client_max_body_size " + maxBody + ";\n"
                + "    keepalive_timeout 65s;\n"
                + "    gzip on;\n"
                + "    gzip_types application/json application/problem+json;\n"
                + "}\n";
    }

    /**
     * The port 80 listener of the load balancer Elastic Beanstalk creates, changed from forwarding
     * to a permanent redirect to HTTPS (AWS's documented way for an Application Load Balancer).
     */
    static final String HTTPS_REDIRECT = """
            # Port 80 answers every request with a redirect to HTTPS (443 is configured by the CDK app).
            Resources:
              AWSEBV2LoadBalancerListener:
                Type: AWS::ElasticLoadBalancingV2::Listener
                Properties:
                  LoadBalancerArn:
                    Ref: AWSEBV2LoadBalancer
                  Port: 80
                  Protocol: HTTP
                  DefaultActions:
                    - Type: redirect
                      RedirectConfig:
                        Protocol: HTTPS
                        Port: "443"
                        Host: "#{host}"
                        Path: "/#{path}"
                        Query: "#{query}"
                        StatusCode: HTTP_301
            """;

    /** CloudWatch agent configuration: OTLP traces on loopback, sent to X-Ray. */
    static final String OTLP_TRACES = """
            {
              "traces": {
                "traces_collected": {
                  "otlp": {
                    "grpc_endpoint": "127.0.0.1:%d",
                    "http_endpoint": "127.0.0.1:%d"
                  }
                }
              }
            }
            """.formatted(OTLP_GRPC_PORT, OTLP_HTTP_PORT);

    /**
     * Adds the OTLP receiver to the CloudWatch agent the platform runs for log streaming, after
     * every deployment (new instances included). {@code append-config} keeps the platform's own
     * log configuration; appending the same file again replaces it.
     */
    static final String OTLP_HOOK = """
            #!/bin/bash
            # Receive OTLP traces on loopback and send them to X-Ray (the X-Ray daemon stays off).
            set -euo pipefail
            ctl=/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl
            if [ ! -x "$ctl" ]; then
              dnf install -y amazon-cloudwatch-agent
            fi
            "$ctl" -a append-config -m ec2 -s -c file:/var/app/current/.platform/cloudwatch-agent/otlp-traces.json
            """;

    /** The bundle's entries, in order: name to content; the jar is read from {@code jar}. */
    public static Map<String, byte[]> entries(String serviceId, Path jar) throws IOException {
        var entries = new LinkedHashMap<String, byte[]>();
        entries.put("application.jar", Files.readAllBytes(jar));
        entries.put("Procfile", PROCFILE.getBytes(StandardCharsets.UTF_8));
        entries.put(
                ".platform/nginx/conf.d/elasticbeanstalk/00_application.conf",
                nginxConf(serviceId).getBytes(StandardCharsets.UTF_8));
        entries.put(".platform/cloudwatch-agent/otlp-traces.json", OTLP_TRACES.getBytes(StandardCharsets.UTF_8));
        entries.put(".platform/hooks/postdeploy/10_otlp_traces.sh", OTLP_HOOK.getBytes(StandardCharsets.UTF_8));
        entries.put(".platform/hooks/predeploy/20_aot_cache.sh", AOT_HOOK.getBytes(StandardCharsets.UTF_8));
        entries.put(AOT_SCRIPT, AotTraining.script().getBytes(StandardCharsets.UTF_8));
        if (service(serviceId).publicApi()) {
            entries.put(".ebextensions/https-redirect.config", HTTPS_REDIRECT.getBytes(StandardCharsets.UTF_8));
        }
        return entries;
    }

    /** Writes {@code <out>/<service>-bundle.zip} and returns its path. */
    public static Path build(String serviceId, Path jar, Path outDir) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(
                    "no jar at " + jar + "; build it first: ./mvnw -pl " + serviceId + " -am package -DskipTests");
        }
        Files.createDirectories(outDir);
        Path zip = outDir.resolve(serviceId + "-bundle.zip");
        try (OutputStream out = Files.newOutputStream(zip);
                ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (var entry : entries(serviceId, jar).entrySet()) {
                var zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setLastModifiedTime(FIXED_TIME);
                zipOut.putNextEntry(zipEntry);
                zipOut.write(entry.getValue());
                zipOut.closeEntry();
            }
        }
        return zip;
    }

    /**
     * Builds {@code infra/target/bundles/<service>-bundle.zip} for every service whose jar is built;
     * the Maven build runs this in infra's {@code package} phase (after the services in the reactor).
     *
     * @param args the project root (default: the current directory's parent)
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
        Path out = root.resolve("infra").resolve("target").resolve("bundles");
        for (var service : MODEL.services()) {
            Path jar = defaultJar(root, service.id());
            if (Files.isRegularFile(jar)) {
                System.out.println("[bundle] " + build(service.id(), jar, out));
            } else {
                System.out.println("[bundle] skipped " + service.id() + ": no " + jar);
            }
        }
    }

    /** The model's service with that id; a typo fails here rather than as a missing environment. */
    static ServiceSpec service(String serviceId) {
        return MODEL.findService(serviceId)
                .orElseThrow(() -> new IllegalArgumentException("no service '" + serviceId
                        + "' in the topology model; it declares " + String.join(", ", MODEL.serviceIds())));
    }

    /** Where a service module's Spring Boot jar is after {@code ./mvnw package}. */
    public static Path defaultJar(Path projectRoot, String serviceId) {
        return projectRoot.resolve(serviceId).resolve("target").resolve(serviceId + "-0.1.0-SNAPSHOT.jar");
    }
}

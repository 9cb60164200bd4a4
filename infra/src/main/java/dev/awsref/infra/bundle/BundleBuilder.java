package dev.awsref.infra.bundle;

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
 * application.jar                       the service, unchanged
 * Procfile                              how the platform starts it (port comes from PORT)
 * .platform/nginx/conf.d/service.conf   nginx settings added to the platform's http block
 * </pre>
 *
 * No {@code .ebextensions}: option settings live in the CDK app and the deploy command, and the
 * Amazon Linux 2023 platform reads nginx settings and hooks from {@code .platform/}. Entries have a
 * fixed timestamp, so the same jar always gives the same bytes (and the same version label).
 */
public final class BundleBuilder {

    /** Heap at 75% of the instance's memory; the rest is metaspace, threads and the OS. */
    public static final String PROCFILE = "web: java -XX:MaxRAMPercentage=75 -jar application.jar\n";

    private static final FileTime FIXED_TIME = FileTime.fromMillis(315_532_800_000L); // 1980-01-01

    private BundleBuilder() {}

    /** The services there are bundles for: those the topology model declares. */
    private static final Topology MODEL = ReferenceTopology.definition();

    /**
     * nginx settings for a service. A service that produces a stream takes batches of events in a
     * request (analytics-service's activity ingest), so it accepts bodies up to 10 MB; the others
     * take small JSON bodies, up to 1 MB.
     */
    public static String nginxConf(String serviceId) {
        ServiceSpec service = service(serviceId);
        boolean ingestsBatches = MODEL.streams().stream().anyMatch(stream -> stream.producer() == service.name());
        String maxBody = ingestsBatches ? "10m" : "1m";
        return "# added to the platform's nginx http block (Amazon Linux 2023 Java SE platform)\n"
                + "client_max_body_size " + maxBody + ";\n"
                + "keepalive_timeout 65s;\n"
                + "gzip on;\n"
                + "gzip_types application/json application/problem+json;\n";
    }

    /** The bundle's entries, in order: name to content; the jar is read from {@code jar}. */
    public static Map<String, byte[]> entries(String serviceId, Path jar) throws IOException {
        var entries = new LinkedHashMap<String, byte[]>();
        entries.put("application.jar", Files.readAllBytes(jar));
        entries.put("Procfile", PROCFILE.getBytes(StandardCharsets.UTF_8));
        entries.put(".platform/nginx/conf.d/service.conf", nginxConf(serviceId).getBytes(StandardCharsets.UTF_8));
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

package dev.awsref.platform.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.aot.AotTraining;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.testsupport.ProjectRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The services are declared once, in the topology model. The files that run them (the local run
 * command, docker compose, the image build, the start-up benchmark) cannot read Java, so this test
 * reads them and names every service of the model they miss or run on another port. (The deploy
 * workflow and the CDK app are checked in infra, which reads the model directly.)
 */
class RunFilesFollowTheModelTest {

    private static final List<ServiceSpec> SERVICES =
            ReferenceTopology.definition().services();
    /** The file that holds the one list of services the scripts share ({@code SERVICES=(...)}). */
    private static final String SERVICE_LIST_FILE = "tools/lib/artifacts.sh";

    @Test
    void theLocalRunCommandStartsEveryServiceOnItsPorts() {
        String dev = read("dev");
        var missing = new ArrayList<String>();
        for (ServiceSpec service : SERVICES) {
            String port = "(?m)^\\s*" + Pattern.quote(service.id()) + "\\) echo \"\\$\\{\\w+:-" + service.httpPort()
                    + "}\" ;;$";
            if (!Pattern.compile(port).matcher(dev).find()) {
                missing.add("dev's app_port does not give " + service.id() + " port " + service.httpPort());
            }
            // dev derives the management port as the application port + 1000.
            if (service.managementPort() != service.httpPort() + 1000) {
                missing.add(service.id() + "'s management port " + service.managementPort()
                        + " is not its HTTP port + 1000, which dev's management_port assumes");
            }
        }
        assertThat(missing).as("dev against the model").isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void dockerComposeRunsEveryServiceOnItsPortsWithALimitAndAHealthcheck() {
        Map<String, Object> compose = new Yaml().load(read("docker-compose.yml"));
        var services = (Map<String, Map<String, Object>>) compose.get("services");
        var missing = new ArrayList<String>();
        for (ServiceSpec service : SERVICES) {
            var entry = services.get(service.id());
            if (entry == null) {
                missing.add("docker-compose.yml has no service '" + service.id() + "'");
                continue;
            }
            List<String> ports = (List<String>) entry.getOrDefault("ports", List.of());
            for (int port : List.of(service.httpPort(), service.managementPort())) {
                if (ports.stream().noneMatch(p -> p.endsWith(":" + port + ":" + port))) {
                    missing.add(service.id() + " does not publish port " + port + " (ports: " + ports + ")");
                }
            }
            if (!entry.containsKey("mem_limit") && !entry.containsKey("deploy")) {
                missing.add(service.id() + " has no memory limit");
            }
            if (!String.valueOf(entry.get("healthcheck")).contains(String.valueOf(service.httpPort()))) {
                missing.add(service.id() + "'s healthcheck does not probe its port " + service.httpPort());
            }
            var build = (Map<String, Object>) entry.get("build");
            var args = build == null ? null : (Map<String, Object>) build.get("args");
            if (args == null || !service.id().equals(args.get("MODULE"))) {
                missing.add(service.id() + " is not built with --build-arg MODULE=" + service.id());
            }
        }
        assertThat(missing).as("docker-compose.yml against the model").isEmpty();
    }

    /**
     * Each service starts only once what it needs is ready: the provisioner has finished (the
     * services never create a resource) and every container the model says it uses (PostgreSQL
     * and its database, Redis, the SMTP sink) is healthy. A condition of {@code service_started}
     * would let it start against a LocalStack without its Kinesis engine or an empty PostgreSQL.
     */
    @Test
    @SuppressWarnings("unchecked")
    void dockerComposeStartsEveryServiceAfterWhatItNeedsIsHealthyOrDone() {
        Map<String, Object> compose = new Yaml().load(read("docker-compose.yml"));
        var services = (Map<String, Map<String, Object>>) compose.get("services");
        var wrong = new ArrayList<String>();
        for (ServiceSpec service : SERVICES) {
            var entry = services.get(service.id());
            if (entry == null) {
                continue; // named by dockerComposeRunsEveryServiceOnItsPortsWithALimitAndAHealthcheck
            }
            var dependsOn = entry.get("depends_on") instanceof Map<?, ?> map
                    ? (Map<String, Map<String, Object>>) map
                    : Map.<String, Map<String, Object>>of();
            var needed = new LinkedHashMap<String, String>();
            needed.put("localstack", "service_healthy");
            needed.put("provisioner", "service_completed_successfully");
            service.database().ifPresent(database -> {
                needed.put("postgres", "service_healthy");
                needed.put("db-init", "service_completed_successfully");
            });
            if (service.cache()) {
                needed.put("redis", "service_healthy");
            }
            if (service.sendsMail()) {
                needed.put("mailpit", "service_healthy");
            }
            needed.forEach((dependency, condition) -> {
                var declared = dependsOn.get(dependency);
                if (declared == null || !condition.equals(declared.get("condition"))) {
                    wrong.add(service.id() + " must wait for " + dependency + " with " + condition + " (has " + declared
                            + ")");
                }
            });
            dependsOn.forEach((dependency, declared) -> {
                Object condition = declared == null ? null : declared.get("condition");
                var target = services.get(dependency);
                if ("service_healthy".equals(condition) && (target == null || !hasHealthcheck(target))) {
                    wrong.add(service.id() + " waits for " + dependency + " to be healthy, which has no healthcheck");
                } else if ("service_completed_successfully".equals(condition)
                        && (target == null || !"no".equals(String.valueOf(target.get("restart"))))) {
                    wrong.add(service.id() + " waits for one-shot " + dependency + ", which must have restart: \"no\"");
                } else if (!"service_healthy".equals(condition)
                        && !"service_completed_successfully".equals(condition)) {
                    wrong.add(service.id() + " waits for " + dependency + " only to start (" + condition + ")");
                }
            });
        }
        assertThat(wrong).as("docker-compose.yml depends_on against the model").isEmpty();
    }

    /** A healthcheck that runs: one with a test, not disabled. */
    private static boolean hasHealthcheck(Map<String, Object> service) {
        return service.get("healthcheck") instanceof Map<?, ?> healthcheck
                && healthcheck.get("test") != null
                && !Boolean.TRUE.equals(healthcheck.get("disable"));
    }

    /**
     * Each service module checks, with its own class path, that compose's environment variables
     * bind to properties it reads ({@code DockerComposeSettingsTest}, through test-support's
     * {@code ComposeSettings}); a service added to the model without one would go unchecked.
     */
    @Test
    void everyServiceChecksTheSettingsComposeGivesIt() throws IOException {
        var missing = new ArrayList<String>();
        for (ServiceSpec service : SERVICES) {
            Path tests = ProjectRoot.find().resolve(service.id()).resolve("src/test/java");
            try (var files = Files.walk(tests)) {
                if (files.noneMatch(f -> f.getFileName().toString().equals("DockerComposeSettingsTest.java"))) {
                    missing.add(service.id() + " has no DockerComposeSettingsTest under " + tests);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theImageBuildKnowsEveryService() {
        String dockerfile = read("Dockerfile");
        String modules = line(dockerfile, "-pl ([a-z,-]+) -am");
        String allowed = line(dockerfile, "^\\s+([a-z|-]+)\\) ;; \\\\$");
        var missing = new ArrayList<String>();
        for (ServiceSpec service : SERVICES) {
            if (!List.of(modules.split(",")).contains(service.id())) {
                missing.add("the Dockerfile's build (-pl " + modules + ") does not build " + service.id());
            }
            if (!List.of(allowed.split("\\|")).contains(service.id())) {
                missing.add("the Dockerfile's MODULE check (" + allowed + ") refuses " + service.id());
            }
        }
        assertThat(missing).as("Dockerfile against the model").isEmpty();
    }

    /**
     * The image trains its JDK AOT cache with the script the bundle runs too, and with the flags of
     * its ENTRYPOINT that change the object layout or the collector (a cache trained under others is
     * refused).
     */
    @Test
    void theImageTrainsItsAotCacheWithTheSharedScriptUnderTheEntrypointsFlags() {
        String dockerfile = read("Dockerfile");
        String script = "/app/" + AotTraining.SCRIPT;
        assertThat(dockerfile).contains("COPY --from=build /workspace/" + AotTraining.SCRIPT_SOURCE + " " + script);
        int run = dockerfile.indexOf("bash " + script + " /app/app.jar /app/run");
        assertThat(run).as("the trained stage runs " + script).isNotNegative();
        String training = dockerfile.substring(run, dockerfile.indexOf("USER app:app", run));
        String entrypoint = line(dockerfile, "^ENTRYPOINT \\[(.*)]$");
        for (String flag : List.of("-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders")) {
            assertThat(entrypoint).contains("\"" + flag + "\"");
            assertThat(training).as("the training run's flags").contains(flag);
        }
    }

    /** The image build skips tests, so the emulators, CI and GitHub settings never reach Docker. */
    @Test
    void theImageBuildContextLeavesOutWhatNoImageReads() {
        var ignored = read(".dockerignore").lines().map(String::strip).toList();
        assertThat(ignored).contains("tools", ".github", ".ci", ".git", "**/target");
    }

    /**
     * The run command and the benchmarks loop over one list, {@code SERVICES} in
     * tools/lib/artifacts.sh: a script with a list of its own would miss a service added to it.
     */
    @Test
    void theRunCommandAndTheBenchmarksStartTheServicesOfOneList() {
        String list = line(read(SERVICE_LIST_FILE), "^SERVICES=\\((.*)\\)$");
        var missing = new ArrayList<String>();
        for (ServiceSpec service : SERVICES) {
            if (!List.of(list.split("\\s+")).contains(service.id())) {
                missing.add(service.id() + " is not in " + SERVICE_LIST_FILE + "'s SERVICES=(" + list + ")");
            }
        }
        for (String script : List.of("dev", "tools/bench/run.sh", "tools/bench/startup-and-memory.sh")) {
            String text = read(script);
            if (!text.contains("source \"$ROOT/" + SERVICE_LIST_FILE + "\"")) {
                missing.add(script + " does not source " + SERVICE_LIST_FILE);
            }
            if (Pattern.compile("(?m)^\\s*SERVICES=").matcher(text).find()) {
                missing.add(script + " spells its own SERVICES=(...)");
            }
            if (Pattern.compile("(?m)^\\s*for \\w+ in [a-z-]+-service ")
                    .matcher(text)
                    .find()) {
                missing.add(script + " loops over services it names itself");
            }
        }
        assertThat(missing).as("the scripts against the model").isEmpty();
    }

    private static String line(String text, String regex) {
        var matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertThat(matcher.find()).as("a line matching " + regex).isTrue();
        return matcher.group(1);
    }

    private static String read(String relative) {
        Path file = ProjectRoot.find().resolve(relative);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.awsref.infra.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.platform.aot.AotTraining;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleBuilderTest {

    @TempDir
    Path dir;

    @Test
    void theBundleHasTheJarAsApplicationJarAProcfileAndNginxSettings() throws IOException {
        Path jar = Files.write(dir.resolve("analytics-service-0.1.0-SNAPSHOT.jar"), new byte[] {'P', 'K', 1, 2});

        Path bundle = BundleBuilder.build("analytics-service", jar, dir.resolve("out"));

        assertThat(bundle.getFileName()).hasToString("analytics-service-bundle.zip");
        try (var zip = new ZipFile(bundle.toFile())) {
            var names = new ArrayList<String>();
            zip.stream().forEach(e -> names.add(e.getName()));
            assertThat(names)
                    .containsExactly(
                            "application.jar",
                            "Procfile",
                            ".platform/nginx/conf.d/elasticbeanstalk/00_application.conf",
                            ".platform/cloudwatch-agent/otlp-traces.json",
                            ".platform/hooks/postdeploy/10_otlp_traces.sh",
                            ".platform/hooks/predeploy/20_aot_cache.sh",
                            ".platform/aot/train-aot-cache.sh",
                            ".ebextensions/https-redirect.config");
            assertThat(zip.getInputStream(zip.getEntry("application.jar")).readAllBytes())
                    .isEqualTo(Files.readAllBytes(jar));
            assertThat(new String(zip.getInputStream(zip.getEntry("Procfile")).readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("web: java -XX:MaxRAMPercentage=75 -XX:+UseCompactObjectHeaders"
                            + " -XX:TrimNativeHeapInterval=5000 -XX:+IgnoreUnrecognizedVMOptions"
                            + " -XX:AOTCache=app/application.aot -jar app/application.jar\n");
            assertThat(new String(
                            zip.getInputStream(
                                            zip.getEntry(".platform/nginx/conf.d/elasticbeanstalk/00_application.conf"))
                                    .readAllBytes(),
                            StandardCharsets.UTF_8))
                    .contains("client_max_body_size 10m;");
        }
    }

    @Test
    void theSameJarGivesTheSameBytes() throws IOException {
        Path jar = Files.write(dir.resolve("order.jar"), new byte[] {1, 2, 3});
        byte[] first = Files.readAllBytes(BundleBuilder.build("order-service", jar, dir.resolve("a")));
        byte[] second = Files.readAllBytes(BundleBuilder.build("order-service", jar, dir.resolve("b")));
        assertThat(first).isEqualTo(second);
    }

    @Test
    void everyServiceOfTheModelHasNginxSettingsAndOnlyAStreamProducerTakesLargeBatches() {
        var model = ReferenceTopology.definition();
        for (ServiceSpec service : model.services()) {
            boolean producer = model.streams().stream().anyMatch(s -> s.producer() == service.name());
            assertThat(BundleBuilder.nginxConf(service.id()))
                    .as(service.id())
                    .contains(producer ? "client_max_body_size 10m;" : "client_max_body_size 1m;");
        }
        assertThatThrownBy(() -> BundleBuilder.nginxConf("billing-service"))
                .hasMessageContaining("no service 'billing-service'")
                .hasMessageContaining("order-service");
    }

    @Test
    void aMissingJarSaysHowToBuildIt() {
        assertThatThrownBy(() -> BundleBuilder.build("order-service", dir.resolve("nope.jar"), dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("./mvnw -pl order-service -am package");
    }

    @Test
    void nginxSettingsReplaceTheServerBlocksDefaultLocationSoThePlatformsServerSettingsDoNotOverrideThem() {
        String conf = BundleBuilder.nginxConf("order-service");
        assertThat(conf)
                .startsWith("# replaces the platform's default location")
                .contains("location / {")
                .contains("proxy_pass http://127.0.0.1:5000;")
                .contains("gzip on;");
        assertThat(conf.indexOf("gzip on;")).isGreaterThan(conf.indexOf("location / {"));
    }

    @Test
    void onlyAServiceWithAPublicApiRedirectsHttpToHttpsAtItsLoadBalancer() throws IOException {
        Path jar = Files.write(dir.resolve("x.jar"), new byte[] {1});
        for (ServiceSpec service : ReferenceTopology.definition().services()) {
            var entries = BundleBuilder.entries(service.id(), jar);
            assertThat(entries.containsKey(".ebextensions/https-redirect.config"))
                    .as(service.id())
                    .isEqualTo(service.publicApi());
        }
        String redirect = new String(
                BundleBuilder.entries("order-service", jar).get(".ebextensions/https-redirect.config"),
                StandardCharsets.UTF_8);
        assertThat(redirect).contains("AWSEBV2LoadBalancerListener", "Type: redirect", "Protocol: HTTPS", "HTTP_301");
    }

    @Test
    void theCloudWatchAgentReceivesOtlpTracesOnLoopbackAndSendsThemToXRay() throws IOException {
        Path jar = Files.write(dir.resolve("y.jar"), new byte[] {1});
        var entries = BundleBuilder.entries("analytics-service", jar);
        String config = new String(entries.get(".platform/cloudwatch-agent/otlp-traces.json"), StandardCharsets.UTF_8);
        assertThat(config).contains("\"traces_collected\"", "\"otlp\"", "127.0.0.1:4317", "127.0.0.1:4318");
        String hook = new String(entries.get(".platform/hooks/postdeploy/10_otlp_traces.sh"), StandardCharsets.UTF_8);
        assertThat(hook).startsWith("#!/bin/bash").contains("amazon-cloudwatch-agent-ctl", "-a append-config");
    }

    @Test
    void thePredeployHookExtractsTheJarTheProcfileRunsAndTrainsItsAotCacheWithTheInstancesOwnJdk() throws IOException {
        Path jar = Files.write(dir.resolve("z.jar"), new byte[] {1});
        var entries = BundleBuilder.entries("order-service", jar);
        String hook = new String(entries.get(".platform/hooks/predeploy/20_aot_cache.sh"), StandardCharsets.UTF_8);
        String procfile = new String(entries.get("Procfile"), StandardCharsets.UTF_8);
        String script = new String(entries.get(".platform/aot/train-aot-cache.sh"), StandardCharsets.UTF_8);

        // The hook runs the Docker image's training script on the jar the Procfile runs from app/,
        // with the Procfile's flags: a cache trained with another object layout is refused.
        assertThat(hook)
                .startsWith("#!/bin/bash")
                .contains("cd /var/app/staging")
                .contains("exec bash .platform/aot/train-aot-cache.sh application.jar app " + BundleBuilder.JVM_FLAGS
                        + "\n");
        assertThat(script).isEqualTo(AotTraining.script());
        assertThat(procfile).contains("-XX:AOTCache=app/application.aot", "-jar app/application.jar");
        assertThat(procfile).startsWith("web: java " + BundleBuilder.JVM_FLAGS + " ");
    }
}

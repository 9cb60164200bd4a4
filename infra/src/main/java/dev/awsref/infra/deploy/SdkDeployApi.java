package dev.awsref.infra.deploy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticbeanstalk.ElasticBeanstalkClient;
import software.amazon.awssdk.services.elasticbeanstalk.model.ConfigurationOptionSetting;
import software.amazon.awssdk.services.elasticbeanstalk.model.EnvironmentHealthAttribute;
import software.amazon.awssdk.services.elasticbeanstalk.model.S3Location;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link DeployApi} on the AWS SDK for Java v2: one SDK call per method, nothing else. */
public final class SdkDeployApi implements DeployApi, AutoCloseable {

    private final ElasticBeanstalkClient eb;
    private final S3Client s3;
    private final Consumer<Duration> sleeper;

    public SdkDeployApi(Region region, Optional<URI> endpoint) {
        this(region, endpoint, SdkDeployApi::sleep);
    }

    public SdkDeployApi(Region region, Optional<URI> endpoint, Consumer<Duration> sleeper) {
        this.sleeper = sleeper;
        var ebBuilder = ElasticBeanstalkClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(region);
        var s3Builder =
                S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(region);
        endpoint.ifPresent(uri -> {
            ebBuilder.endpointOverride(uri);
            s3Builder.endpointOverride(uri).forcePathStyle(true);
        });
        eb = ebBuilder.build();
        s3 = s3Builder.build();
    }

    @Override
    public Optional<EnvironmentState> describeEnvironment(String application, String environment) {
        return eb
                .describeEnvironments(r -> r.applicationName(application)
                        .environmentNames(environment)
                        .includeDeleted(false))
                .environments()
                .stream()
                .findFirst()
                .map(e -> new EnvironmentState(
                        e.environmentName(),
                        e.environmentId(),
                        e.statusAsString(),
                        e.healthAsString(),
                        Optional.ofNullable(e.versionLabel()),
                        e.cname()));
    }

    @Override
    public String storageBucket() {
        return eb.createStorageLocation(r -> {}).s3Bucket();
    }

    @Override
    public void upload(String bucket, String key, Path bundle) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/zip"), RequestBody.fromFile(bundle));
    }

    @Override
    public void createApplicationVersion(String application, String label, String bucket, String key) {
        eb.createApplicationVersion(r -> r.applicationName(application)
                .versionLabel(label)
                .sourceBundle(S3Location.builder().s3Bucket(bucket).s3Key(key).build())
                .process(false));
    }

    @Override
    public void updateEnvironment(String environment, String label, List<OptionSetting> settings) {
        eb.updateEnvironment(r -> {
            r.environmentName(environment).versionLabel(label);
            if (!settings.isEmpty()) {
                r.optionSettings(sdk(settings));
            }
        });
    }

    @Override
    public void abortEnvironmentUpdate(String environment) {
        eb.abortEnvironmentUpdate(r -> r.environmentName(environment));
    }

    @Override
    public List<Event> eventsSince(String application, String environment, Instant since) {
        var events = new ArrayList<Event>();
        eb.describeEvents(r -> r.applicationName(application)
                        .environmentName(environment)
                        .startTime(since))
                .events()
                .forEach(e -> events.add(new Event(e.eventDate(), e.severityAsString(), e.message())));
        events.sort(java.util.Comparator.comparing(Event::date));
        return events;
    }

    @Override
    public Health environmentHealth(String environment) {
        var h = eb.describeEnvironmentHealth(r -> r.environmentName(environment)
                .attributeNames(
                        EnvironmentHealthAttribute.COLOR,
                        EnvironmentHealthAttribute.HEALTH_STATUS,
                        EnvironmentHealthAttribute.CAUSES,
                        EnvironmentHealthAttribute.INSTANCES_HEALTH));
        var instances = h.instancesHealth();
        int ok = instances == null || instances.ok() == null ? 0 : instances.ok();
        int total = instances == null
                ? 0
                : sum(
                        instances.ok(),
                        instances.info(),
                        instances.warning(),
                        instances.degraded(),
                        instances.severe(),
                        instances.pending(),
                        instances.unknown(),
                        instances.noData());
        return new Health(h.color(), h.healthStatus(), ok, total, h.causes());
    }

    @Override
    public void createConfigurationTemplate(String application, String template, String sourceEnvironmentId) {
        eb.createConfigurationTemplate(
                r -> r.applicationName(application).templateName(template).environmentId(sourceEnvironmentId));
    }

    @Override
    public void createEnvironment(
            String application, String environment, String template, String label, List<OptionSetting> settings) {
        eb.createEnvironment(r -> r.applicationName(application)
                .environmentName(environment)
                .templateName(template)
                .versionLabel(label)
                .optionSettings(sdk(settings)));
    }

    @Override
    public void swapCnames(String source, String destination) {
        eb.swapEnvironmentCNAMEs(r -> r.sourceEnvironmentName(source).destinationEnvironmentName(destination));
    }

    @Override
    public void terminateEnvironment(String environment) {
        eb.terminateEnvironment(r -> r.environmentName(environment));
    }

    @Override
    public void deleteConfigurationTemplate(String application, String template) {
        eb.deleteConfigurationTemplate(r -> r.applicationName(application).templateName(template));
    }

    @Override
    public void pause(Duration duration) {
        sleeper.accept(duration);
    }

    /** Waits for real. */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    @Override
    public void close() {
        eb.close();
        s3.close();
    }

    private static List<ConfigurationOptionSetting> sdk(List<OptionSetting> settings) {
        return settings.stream()
                .map(s -> ConfigurationOptionSetting.builder()
                        .namespace(s.namespace())
                        .optionName(s.optionName())
                        .value(s.value())
                        .build())
                .toList();
    }

    private static int sum(Integer... values) {
        int total = 0;
        for (Integer v : values) {
            total += v == null ? 0 : v;
        }
        return total;
    }
}

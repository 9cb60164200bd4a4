package dev.awsref.infra.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The Elastic Beanstalk and S3 calls a deployment makes, one method per API operation. {@link
 * SdkDeployApi} makes them with the AWS SDK; {@link DryRunDeployApi} prints them instead, so a dry
 * run shows exactly the calls a real run would make.
 */
public interface DeployApi {

    /** An environment as DescribeEnvironments reports it. */
    record EnvironmentState(
            String name, String id, String status, String health, Optional<String> versionLabel, String cname) {}

    /** DescribeEnvironmentHealth: colour, status and instance counts. */
    record Health(String color, String healthStatus, int instancesOk, int instancesTotal, List<String> causes) {}

    /** An entry of DescribeEvents. */
    record Event(Instant date, String severity, String message) {}

    Optional<EnvironmentState> describeEnvironment(String application, String environment);

    /** CreateStorageLocation: Elastic Beanstalk's own bucket for source bundles in this region. */
    String storageBucket();

    /** S3 PutObject. */
    void upload(String bucket, String key, Path bundle);

    void createApplicationVersion(String application, String label, String bucket, String key);

    /** UpdateEnvironment: a new version ({@code label} not null), option settings, or both. */
    void updateEnvironment(String environment, String label, List<OptionSetting> settings);

    /**
     * AbortEnvironmentUpdate: cancels the configuration update or deployment in progress; Elastic
     * Beanstalk rolls back what it changed. The only call it accepts while an environment is Updating.
     */
    void abortEnvironmentUpdate(String environment);

    List<Event> eventsSince(String application, String environment, Instant since);

    Health environmentHealth(String environment);

    /** CreateConfigurationTemplate from a running environment: how blue/green clones it. */
    void createConfigurationTemplate(String application, String template, String sourceEnvironmentId);

    void createEnvironment(
            String application, String environment, String template, String label, List<OptionSetting> settings);

    void swapCnames(String source, String destination);

    void terminateEnvironment(String environment);

    void deleteConfigurationTemplate(String application, String template);

    /** Waits between polls; the dry run and the tests do not wait. */
    void pause(Duration duration);
}

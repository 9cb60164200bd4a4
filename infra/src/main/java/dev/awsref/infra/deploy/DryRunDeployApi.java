package dev.awsref.infra.deploy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prints each call a deployment would make, with its key parameters, and answers as a healthy
 * environment would, so the plan shown is the path of a successful run. Makes no network call.
 */
public final class DryRunDeployApi implements DeployApi {

    private final PrintStream out;
    private final Map<String, String> versionByEnvironment = new HashMap<>();
    /** The environments there are and their CNAMEs: the one asked about first, then those created. */
    private final Map<String, String> cnameByEnvironment = new HashMap<>();

    private int step;

    public DryRunDeployApi(PrintStream out) {
        this.out = out;
    }

    private void call(String operation, String parameters) {
        out.printf("  %2d. %-45s %s%n", ++step, operation, parameters);
    }

    @Override
    public Optional<EnvironmentState> describeEnvironment(String application, String environment) {
        call(
                "elasticbeanstalk:DescribeEnvironments",
                "ApplicationName=" + application + " EnvironmentNames=" + environment);
        if (cnameByEnvironment.isEmpty()) {
            cnameByEnvironment.put(environment, environment + ".<region>.elasticbeanstalk.com");
        }
        if (!cnameByEnvironment.containsKey(environment)) {
            return Optional.empty();
        }
        String version = versionByEnvironment.getOrDefault(environment, "<current version>");
        return Optional.of(new EnvironmentState(
                environment,
                "<id of " + environment + ">",
                "Ready",
                "Green",
                Optional.of(version),
                cnameByEnvironment.get(environment)));
    }

    @Override
    public String storageBucket() {
        call("elasticbeanstalk:CreateStorageLocation", "(returns elasticbeanstalk-<region>-<account>)");
        return "elasticbeanstalk-<region>-<account>";
    }

    @Override
    public void upload(String bucket, String key, Path bundle) {
        call("s3:PutObject", "Bucket=" + bucket + " Key=" + key + " Body=" + bundle);
    }

    @Override
    public void createApplicationVersion(String application, String label, String bucket, String key) {
        call(
                "elasticbeanstalk:CreateApplicationVersion",
                "ApplicationName=" + application + " VersionLabel=" + label + " SourceBundle=s3://" + bucket + "/"
                        + key);
    }

    @Override
    public void updateEnvironment(String environment, String label, List<OptionSetting> settings) {
        call(
                "elasticbeanstalk:UpdateEnvironment",
                "EnvironmentName=" + environment
                        + (label == null ? " (option settings only)" : " VersionLabel=" + label));
        settings.forEach(s -> out.printf("      %-45s OptionSetting %s%n", "", s));
        if (label != null) {
            versionByEnvironment.put(environment, label);
        }
    }

    @Override
    public void abortEnvironmentUpdate(String environment) {
        call("elasticbeanstalk:AbortEnvironmentUpdate", "EnvironmentName=" + environment);
    }

    @Override
    public List<Event> eventsSince(String application, String environment, Instant since) {
        call("elasticbeanstalk:DescribeEvents", "EnvironmentName=" + environment + " StartTime=<deploy start>");
        return List.of();
    }

    @Override
    public Health environmentHealth(String environment) {
        call(
                "elasticbeanstalk:DescribeEnvironmentHealth",
                "EnvironmentName=" + environment + " AttributeNames=Color,HealthStatus,Causes,InstancesHealth");
        return new Health("Green", "Ok", 2, 2, List.of());
    }

    @Override
    public void createConfigurationTemplate(String application, String template, String sourceEnvironmentId) {
        call(
                "elasticbeanstalk:CreateConfigurationTemplate",
                "ApplicationName=" + application + " TemplateName=" + template + " EnvironmentId="
                        + sourceEnvironmentId);
    }

    @Override
    public void createEnvironment(
            String application, String environment, String template, String label, List<OptionSetting> settings) {
        call(
                "elasticbeanstalk:CreateEnvironment",
                "ApplicationName=" + application + " EnvironmentName=" + environment + " TemplateName=" + template
                        + " VersionLabel=" + label);
        settings.forEach(s -> out.printf("      %-45s OptionSetting %s%n", "", s));
        versionByEnvironment.put(environment, label);
        cnameByEnvironment.put(environment, environment + ".<region>.elasticbeanstalk.com");
    }

    @Override
    public void swapCnames(String source, String destination) {
        call(
                "elasticbeanstalk:SwapEnvironmentCNAMEs",
                "SourceEnvironmentName=" + source + " DestinationEnvironmentName=" + destination);
        String cname = cnameByEnvironment.get(source);
        cnameByEnvironment.put(source, cnameByEnvironment.get(destination));
        cnameByEnvironment.put(destination, cname);
    }

    @Override
    public void terminateEnvironment(String environment) {
        call("elasticbeanstalk:TerminateEnvironment", "EnvironmentName=" + environment);
        cnameByEnvironment.remove(environment);
    }

    @Override
    public void deleteConfigurationTemplate(String application, String template) {
        call(
                "elasticbeanstalk:DeleteConfigurationTemplate",
                "ApplicationName=" + application + " TemplateName=" + template);
    }

    @Override
    public void pause(Duration duration) {
        if (duration.toMinutes() >= 1) {
            out.printf("      %-45s (wait %s)%n", "", duration);
        }
    }
}

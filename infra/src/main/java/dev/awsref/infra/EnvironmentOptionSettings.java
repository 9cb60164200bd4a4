package dev.awsref.infra;

import dev.awsref.infra.bundle.BundleBuilder;
import dev.awsref.infra.deploy.EnvironmentShape;
import dev.awsref.infra.deploy.OptionSetting;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;

/**
 * The option settings of a service's Elastic Beanstalk environment: its shape (load-balanced,
 * enhanced health), network, instances, deployment policy, observability, and the environment
 * properties and secrets the service reads. The values that name other stacks' resources are
 * CloudFormation tokens; nothing here creates a resource.
 */
final class EnvironmentOptionSettings {

    /** nginx on the instance forwards port 80 to this port; the app reads it from {@code PORT}. */
    static final String APP_PORT = "5000";

    static final String HEALTH_CHECK_PATH = "/readyz";

    /** TLS 1.3 and 1.2 only, forward secrecy: the ALB policy AWS recommends. */
    static final String TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    private EnvironmentOptionSettings() {}

    /**
     * Every option setting of the environment, in the order a reader would look for them.
     *
     * @param instanceProfile the name of the instances' instance profile
     * @param serviceRoleArn Elastic Beanstalk's service role
     */
    static List<OptionSetting> of(
            InfraSettings settings,
            ServiceSpec service,
            ServiceStack.Dependencies deps,
            ServiceSecrets secrets,
            String instanceProfile,
            String serviceRoleArn) {
        EnvironmentShape shape = EnvironmentShape.REFERENCE;
        var vpc = deps.network().vpc();
        var s = new ArrayList<OptionSetting>();
        // Shape: load-balanced behind an ALB, enhanced health; deployment policies are checked against it.
        s.add(new OptionSetting("aws:elasticbeanstalk:environment", "EnvironmentType", "LoadBalanced"));
        s.add(new OptionSetting("aws:elasticbeanstalk:environment", "LoadBalancerType", shape.loadBalancerType()));
        s.add(new OptionSetting("aws:elasticbeanstalk:environment", "ServiceRole", serviceRoleArn));
        s.add(new OptionSetting("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"));
        s.add(new OptionSetting(
                "aws:elasticbeanstalk:healthreporting:system",
                "ConfigDocument",
                "{\"Version\":1,\"CloudWatchMetrics\":{\"Environment\":{\"EnvironmentHealth\":60},\"Instance\":{}},"
                        + "\"Rules\":{}}"));
        s.add(new OptionSetting(
                "aws:elasticbeanstalk:environment:process:default", "HealthCheckPath", HEALTH_CHECK_PATH));
        s.add(new OptionSetting("aws:elasticbeanstalk:environment:process:default", "MatcherHTTPCode", "200"));
        s.add(new OptionSetting("aws:elasticbeanstalk:environment:process:default", "DeregistrationTimeout", "30"));
        // Network: instances in private subnets; the load balancer of a public API in public subnets,
        // that of an internal one in the private subnets, reachable only from inside the VPC.
        String privateSubnets = String.join(",", subnets(deps, SubnetType.PRIVATE_WITH_EGRESS));
        s.add(new OptionSetting("aws:ec2:vpc", "VPCId", vpc.getVpcId()));
        s.add(new OptionSetting("aws:ec2:vpc", "Subnets", privateSubnets));
        s.add(new OptionSetting(
                "aws:ec2:vpc",
                "ELBSubnets",
                service.publicApi() ? String.join(",", subnets(deps, SubnetType.PUBLIC)) : privateSubnets));
        s.add(new OptionSetting("aws:ec2:vpc", "ELBScheme", service.publicApi() ? "public" : "internal"));
        s.add(new OptionSetting("aws:ec2:vpc", "AssociatePublicIpAddress", "false"));
        if (service.publicApi()) {
            // HTTPS at the load balancer; the bundle's .ebextensions/https-redirect.config turns the
            // port 80 listener into a redirect to it (BundleBuilder).
            s.add(new OptionSetting("aws:elbv2:listener:443", "ListenerEnabled", "true"));
            s.add(new OptionSetting("aws:elbv2:listener:443", "Protocol", "HTTPS"));
            s.add(new OptionSetting(
                    "aws:elbv2:listener:443", "SSLCertificateArns", settings.requireCertificate(service.id())));
            s.add(new OptionSetting("aws:elbv2:listener:443", "SSLPolicy", TLS_POLICY));
        }
        // Instances
        s.add(new OptionSetting("aws:autoscaling:launchconfiguration", "IamInstanceProfile", instanceProfile));
        s.add(new OptionSetting(
                "aws:autoscaling:launchconfiguration",
                "SecurityGroups",
                deps.network().servicesSecurityGroup().getSecurityGroupId()));
        s.add(new OptionSetting("aws:autoscaling:launchconfiguration", "DisableIMDSv1", "true"));
        s.add(new OptionSetting("aws:ec2:instances", "InstanceTypes", settings.instanceType()));
        s.add(new OptionSetting("aws:autoscaling:asg", "MinSize", Integer.toString(settings.minInstances())));
        s.add(new OptionSetting("aws:autoscaling:asg", "MaxSize", Integer.toString(settings.minInstances() * 2)));
        // Scale on CPU (the services are CPU-bound JSON APIs), not on the default NetworkOut.
        s.add(new OptionSetting("aws:autoscaling:trigger", "MeasureName", "CPUUtilization"));
        s.add(new OptionSetting("aws:autoscaling:trigger", "Statistic", "Average"));
        s.add(new OptionSetting("aws:autoscaling:trigger", "Unit", "Percent"));
        s.add(new OptionSetting("aws:autoscaling:trigger", "Period", "5"));
        s.add(new OptionSetting("aws:autoscaling:trigger", "BreachDuration", "5"));
        s.add(new OptionSetting("aws:autoscaling:trigger", "UpperThreshold", "70"));
        s.add(new OptionSetting("aws:autoscaling:trigger", "UpperBreachScaleIncrement", "1"));
        s.add(new OptionSetting("aws:autoscaling:trigger", "LowerThreshold", "30"));
        s.add(new OptionSetting("aws:autoscaling:trigger", "LowerBreachScaleIncrement", "-1"));
        // Configuration changes (instance type, VPC...) replace instances in health-checked batches.
        s.add(new OptionSetting("aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateEnabled", "true"));
        s.add(new OptionSetting("aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateType", "Health"));
        // Application deployments: the policy chosen at synth time; the deploy command may override it.
        s.addAll(settings.deploymentPolicy().requireValidOn(shape).optionSettings());
        // Observability and platform upkeep. Traces: no X-Ray daemon (in maintenance since February
        // 2026); the services export OTLP to the CloudWatch agent on the instance, which sends them
        // to X-Ray (BundleBuilder's hook configures it).
        s.add(new OptionSetting("aws:elasticbeanstalk:xray", "XRayEnabled", "false"));
        s.add(new OptionSetting("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "true"));
        s.add(new OptionSetting("aws:elasticbeanstalk:hostmanager", "LogPublicationControl", "true"));
        s.add(new OptionSetting("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays", "30"));
        s.add(new OptionSetting("aws:elasticbeanstalk:cloudwatch:logs:health", "HealthStreamingEnabled", "true"));
        s.add(new OptionSetting("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"));
        s.add(new OptionSetting("aws:elasticbeanstalk:managedactions", "PreferredStartTime", "Sun:03:00"));
        s.add(new OptionSetting("aws:elasticbeanstalk:managedactions", "ServiceRoleForManagedUpdates", serviceRoleArn));
        s.add(new OptionSetting("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor"));
        environmentProperties(settings, service, deps)
                .forEach((name, value) ->
                        s.add(new OptionSetting("aws:elasticbeanstalk:application:environment", name, value)));
        secrets.environmentSecrets()
                .forEach((name, arn) ->
                        s.add(new OptionSetting("aws:elasticbeanstalk:application:environmentsecrets", name, arn)));
        return s;
    }

    /** Endpoints and settings; secrets go through {@link ServiceSecrets#environmentSecrets}, never as values. */
    static Map<String, String> environmentProperties(
            InfraSettings settings, ServiceSpec service, ServiceStack.Dependencies deps) {
        String region = Stack.of(deps.network()).getRegion();
        var env = new LinkedHashMap<String, String>();
        env.put("PORT", APP_PORT);
        env.put("SPRING_PROFILES_ACTIVE", "aws");
        // Region, account and prefix are all a service needs to compute its topics' and queues' ARNs
        // (the role grants no sns:ListTopics to look them up).
        env.put("APP_TOPOLOGY_PREFIX", settings.env());
        env.put("APP_TOPOLOGY_ACCOUNT_ID", Aws.ACCOUNT_ID);
        env.put("AWS_REGION", region);
        // Actuator and operations endpoints; on loopback unless MANAGEMENT_ADDRESS says otherwise.
        env.put("MANAGEMENT_PORT", Integer.toString(service.managementPort()));
        // The services' own meters to CloudWatch (Spring Cloud AWS's CloudWatch export is on only
        // where this is set: never locally or in tests), under the namespace the role allows.
        env.put(
                "MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE",
                InstancePolicy.serviceMetricsNamespace(settings.names(), service));
        // Traces and metrics over OTLP/HTTP to the CloudWatch agent on the same instance.
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + BundleBuilder.OTLP_HTTP_PORT);
        service.database().ifPresent(database -> {
            var db = deps.data().database();
            String schema = service.id().replace("-service", "");
            env.put(
                    "SPRING_DATASOURCE_URL",
                    "jdbc:postgresql://" + db.getDbInstanceEndpointAddress() + ":" + db.getDbInstanceEndpointPort()
                            + "/" + DataStack.DATABASE_NAME + "?currentSchema=" + schema + "&sslmode=require");
            env.put("DATABASE_SECRET_ARN", deps.data().databaseSecret().getSecretArn());
        });
        if (service.cache()) {
            env.put("SPRING_DATA_REDIS_HOST", deps.data().redis().getAttrPrimaryEndPointAddress());
            env.put("SPRING_DATA_REDIS_PORT", Integer.toString(DataStack.REDIS_PORT));
            env.put("SPRING_DATA_REDIS_SSL_ENABLED", "true");
            env.put("REDIS_AUTH_SECRET_ARN", deps.data().redisAuthToken().getSecretArn());
        }
        if (service.id().equals(ServiceName.ORDER.id())) {
            // The order cache on Memcached: the configuration endpoint, from which the client
            // discovers the nodes (ElastiCache Auto Discovery), over TLS.
            deps.data().memcached().ifPresent(memcached -> {
                env.put("APP_CACHE_ENGINE", "memcached");
                env.put(
                        "APP_CACHE_MEMCACHED_ADDRESSES",
                        memcached.getAttrConfigurationEndpointAddress() + ":"
                                + memcached.getAttrConfigurationEndpointPort());
                env.put("APP_CACHE_MEMCACHED_AUTO_DISCOVERY", "true");
                env.put("APP_CACHE_MEMCACHED_TLS", "true");
            });
        }
        if (service.sendsMail()) {
            // Amazon SES's SMTP interface in this region, STARTTLS on 587.
            env.put("SPRING_MAIL_HOST", "email-smtp." + region + ".amazonaws.com");
            env.put("SPRING_MAIL_PORT", "587");
            env.put("SPRING_MAIL_PROPERTIES_MAIL_SMTP_AUTH", "true");
            env.put("SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_ENABLE", "true");
            env.put("SPRING_MAIL_PROPERTIES_MAIL_SMTP_STARTTLS_REQUIRED", "true");
        }
        if (service.validatesTokens()) {
            env.put(
                    "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI",
                    deps.auth().issuerUri());
            env.put("COGNITO_APP_CLIENT_ID", deps.auth().acceptedClientIds());
        }
        return env;
    }

    private static List<String> subnets(ServiceStack.Dependencies deps, SubnetType type) {
        return deps.network()
                .vpc()
                .selectSubnets(SubnetSelection.builder().subnetType(type).build())
                .getSubnetIds();
    }
}

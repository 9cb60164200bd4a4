package dev.awsref.infra;

import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.route53.CfnHealthCheck;
import software.amazon.awscdk.services.route53.CfnRecordSet;
import software.constructs.Construct;

/**
 * Route 53 active-passive failover for one public service ({@code -c failoverDomain=...}): two
 * records of the same name, PRIMARY pointing at this region's load balancer and SECONDARY at the
 * standby region's endpoint. Route 53 answers with the primary while its health check, an HTTPS
 * GET of the service's {@code /readyz} through the load balancer, passes, and with the secondary
 * when it fails. The records are CNAMEs with a 60 s TTL, so the name must be below the zone apex
 * and clients follow a failover within about a minute after Route 53 declares the primary
 * unhealthy. The standby region's deployment is not part of this app.
 */
public class FailoverDnsStack extends Stack {

    /** Seconds between checks, the standard interval (10 s costs more). */
    static final int CHECK_INTERVAL_SECONDS = 30;

    /** Consecutive failures before the primary counts as unhealthy. */
    static final int FAILURE_THRESHOLD = 3;

    static final int TTL_SECONDS = 60;

    public FailoverDnsStack(
            Construct scope,
            String id,
            StackProps props,
            DisasterRecoveryOptions.Failover failover,
            ServiceStack primary) {
        super(scope, id, props);
        String primaryTarget = primary.beanstalkEnvironment().getAttrEndpointUrl();

        var health = CfnHealthCheck.Builder.create(this, "PrimaryHealth")
                .healthCheckConfig(CfnHealthCheck.HealthCheckConfigProperty.builder()
                        .type("HTTPS")
                        .fullyQualifiedDomainName(primaryTarget)
                        .port(443)
                        .resourcePath(EnvironmentOptionSettings.HEALTH_CHECK_PATH)
                        .requestInterval(CHECK_INTERVAL_SECONDS)
                        .failureThreshold(FAILURE_THRESHOLD)
                        .build())
                .healthCheckTags(List.of(CfnHealthCheck.HealthCheckTagProperty.builder()
                        .key("Name")
                        .value(failover.serviceId() + " primary " + failover.domainName())
                        .build()))
                .build();

        failoverRecord("Primary", failover, "PRIMARY", primaryTarget)
                .healthCheckId(health.getAttrHealthCheckId())
                .build();
        // No health check of its own: Route 53 treats a secondary without one as healthy, so the name
        // always resolves to something when the primary is down.
        failoverRecord("Secondary", failover, "SECONDARY", failover.secondaryTarget())
                .build();
    }

    /** One of the pair: the same name and TTL, told apart by its set identifier and failover role. */
    private CfnRecordSet.Builder failoverRecord(
            String id, DisasterRecoveryOptions.Failover failover, String role, String target) {
        return CfnRecordSet.Builder.create(this, id)
                .hostedZoneId(failover.hostedZoneId())
                .name(failover.domainName())
                .type("CNAME")
                .ttl(Integer.toString(TTL_SECONDS))
                .setIdentifier(failover.serviceId() + "-" + role.toLowerCase(java.util.Locale.ROOT))
                .failover(role)
                .resourceRecords(List.of(target));
    }
}

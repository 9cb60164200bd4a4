package dev.awsref.platform.topology;

import java.util.List;
import java.util.Optional;

/**
 * One service of the system, as everything that runs or deploys it needs to know it: the ports it
 * listens on and what it depends on besides the messaging model. docker-compose.yml, {@code dev},
 * the Dockerfile, the deploy workflow and the CDK app follow this declaration; a test names any of
 * them that misses a service declared here.
 *
 * @param name the service
 * @param httpPort the public API and the load balancer's health checks ({@code /livez}, {@code /readyz})
 * @param managementPort actuator and operations endpoints, bound to loopback unless told otherwise
 * @param database the PostgreSQL database it owns (its schema is migrated by Flyway), if any
 * @param cache whether it uses Redis (ElastiCache on AWS)
 * @param validatesTokens whether its API is a JWT resource server (Cognito on AWS)
 * @param sendsMail whether it sends email over SMTP (SES's SMTP interface on AWS)
 * @param operationsApi whether it has an operations API behind HTTP basic, which needs a password
 * @param publicApi whether clients outside the VPC call its HTTP API; on AWS a public API gets an
 *     internet-facing load balancer with HTTPS, the others an internal one
 * @param snsHttpsTopics topics SNS delivers to this service over an HTTPS subscription, at
 *     {@code POST /sns/<topic>} on its HTTP port; the service accepts deliveries from these topics
 *     only, and the CDK app subscribes the endpoint to them
 */
public record ServiceSpec(
        ServiceName name,
        int httpPort,
        int managementPort,
        Optional<String> database,
        boolean cache,
        boolean validatesTokens,
        boolean sendsMail,
        boolean operationsApi,
        boolean publicApi,
        List<String> snsHttpsTopics) {

    public ServiceSpec {
        snsHttpsTopics = List.copyOf(snsHttpsTopics);
        if (httpPort < 1024 || httpPort > 65535 || managementPort < 1024 || managementPort > 65535) {
            throw new IllegalArgumentException(name.id() + ": ports must be between 1024 and 65535");
        }
        if (httpPort == managementPort) {
            throw new IllegalArgumentException(name.id() + ": the management port must differ from the HTTP port");
        }
    }

    /** The id other files use: {@code order-service}. */
    public String id() {
        return name.id();
    }

    /** A service with nothing but ports; add what it depends on with the {@code with...} methods. */
    public static ServiceSpec of(ServiceName name, int httpPort, int managementPort) {
        return new ServiceSpec(
                name, httpPort, managementPort, Optional.empty(), false, false, false, false, true, List.of());
    }

    public ServiceSpec withDatabase(String database) {
        return new ServiceSpec(
                name,
                httpPort,
                managementPort,
                Optional.of(database),
                cache,
                validatesTokens,
                sendsMail,
                operationsApi,
                publicApi,
                snsHttpsTopics);
    }

    public ServiceSpec withCache() {
        return new ServiceSpec(
                name,
                httpPort,
                managementPort,
                database,
                true,
                validatesTokens,
                sendsMail,
                operationsApi,
                publicApi,
                snsHttpsTopics);
    }

    public ServiceSpec withTokenValidation() {
        return new ServiceSpec(
                name,
                httpPort,
                managementPort,
                database,
                cache,
                true,
                sendsMail,
                operationsApi,
                publicApi,
                snsHttpsTopics);
    }

    public ServiceSpec withMail() {
        return new ServiceSpec(
                name,
                httpPort,
                managementPort,
                database,
                cache,
                validatesTokens,
                true,
                operationsApi,
                publicApi,
                snsHttpsTopics);
    }

    public ServiceSpec withOperationsApi() {
        return new ServiceSpec(
                name,
                httpPort,
                managementPort,
                database,
                cache,
                validatesTokens,
                sendsMail,
                true,
                publicApi,
                snsHttpsTopics);
    }

    /**
     * Its HTTP API is called only from inside the VPC (other services, operators through a
     * bastion or VPN); on AWS its load balancer is internal.
     */
    public ServiceSpec withInternalApi() {
        return new ServiceSpec(
                name,
                httpPort,
                managementPort,
                database,
                cache,
                validatesTokens,
                sendsMail,
                operationsApi,
                false,
                snsHttpsTopics);
    }

    /** SNS delivers {@code topic} to this service's HTTPS endpoint {@code POST /sns/<topic>}. */
    public ServiceSpec withSnsHttpsSubscription(String topic) {
        var topics = new java.util.ArrayList<>(snsHttpsTopics);
        topics.add(topic);
        return new ServiceSpec(
                name,
                httpPort,
                managementPort,
                database,
                cache,
                validatesTokens,
                sendsMail,
                operationsApi,
                publicApi,
                topics);
    }

    /** The path SNS POSTs {@code topic}'s deliveries to. */
    public static String snsHttpsPath(String topic) {
        return "/sns/" + topic;
    }
}

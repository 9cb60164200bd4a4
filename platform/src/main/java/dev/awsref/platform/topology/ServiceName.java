package dev.awsref.platform.topology;

/**
 * The services that own, publish to or consume a resource. The CDK app grants each service's
 * instance role exactly the actions its role in the topology needs, and nothing on resources it
 * does not touch.
 */
public enum ServiceName {
    ORDER("order-service"),
    NOTIFICATION("notification-service"),
    ANALYTICS("analytics-service");

    private final String id;

    ServiceName(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}

package dev.awsref.infra.deploy;

/**
 * What a deployment policy needs to know about the environment it runs on. The CDK app builds
 * every service environment with {@link #REFERENCE}; the deploy command validates a policy
 * against the same value before it makes any call.
 *
 * @param loadBalanced a load-balanced environment (not a single instance)
 * @param loadBalancerType {@code application}, {@code network} or {@code classic}
 * @param enhancedHealth enhanced health reporting (the health agent on each instance)
 */
public record EnvironmentShape(boolean loadBalanced, String loadBalancerType, boolean enhancedHealth) {

    public static final EnvironmentShape REFERENCE = new EnvironmentShape(true, "application", true);

    public boolean hasApplicationLoadBalancer() {
        return loadBalanced && "application".equals(loadBalancerType);
    }
}

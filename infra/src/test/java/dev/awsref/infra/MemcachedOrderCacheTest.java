package dev.awsref.infra;

import static dev.awsref.infra.TemplateReader.props;
import static dev.awsref.infra.TemplateReader.resources;
import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.topology.ServiceName;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Template;

/** {@code -c orderCacheEngine=memcached}: order-service's cache on an ElastiCache Memcached cluster of its own. */
class MemcachedOrderCacheTest {

    private static final String ENV = "aws:elasticbeanstalk:application:environment/";

    private final InfraApp.Stacks stacks;
    private final List<String> nagFindings;

    MemcachedOrderCacheTest() {
        var app = new App();
        stacks = InfraApp.build(
                app,
                SynthesizedApp.SETTINGS.withOrderCacheEngine(InfraSettings.CacheEngine.MEMCACHED),
                SynthesizedApp.TOPOLOGY,
                Optional.empty());
        Aspects.of(app).add(new AwsSolutionsChecks());
        nagFindings = SynthesizedApp.nagFindings(app.synth());
    }

    @Test
    void theMemcachedClusterSpansTwoZonesEncryptsInTransitAndAdmitsOnlyTheServices() {
        var data = Template.fromStack(stacks.data());
        var cluster = props(resources(data, "AWS::ElastiCache::CacheCluster")
                .values()
                .iterator()
                .next());
        assertThat(cluster)
                .containsEntry("Engine", "memcached")
                .containsEntry("NumCacheNodes", 2)
                .containsEntry("AZMode", "cross-az")
                .containsEntry("TransitEncryptionEnabled", true)
                .containsEntry("Port", DataStack.MEMCACHED_PORT);
        assertThat(cluster.get("CacheSubnetGroupName")).isNotNull();

        var ingress = resources(data, "AWS::EC2::SecurityGroupIngress").values().stream()
                .map(TemplateReader::props)
                .filter(p -> Integer.valueOf(DataStack.MEMCACHED_PORT).equals(p.get("FromPort")))
                .toList();
        assertThat(ingress)
                .singleElement()
                .satisfies(rule -> assertThat(rule.get("SourceSecurityGroupId")).isNotNull());
        // Redis stays: analytics-service keeps its counters there.
        data.resourceCountIs("AWS::ElastiCache::ReplicationGroup", 1);
        assertThat(nagFindings).as("cdk-nag AwsSolutions").isEmpty();
    }

    @Test
    void orderServiceFindsTheNodesFromTheConfigurationEndpointOverTlsAndAnalyticsKeepsRedis() {
        Map<String, String> order = ServiceStackTest.optionSettings(
                Template.fromStack(stacks.services().get(ServiceName.ORDER)));
        assertThat(order)
                .containsEntry(ENV + "APP_CACHE_ENGINE", "memcached")
                .containsEntry(ENV + "APP_CACHE_MEMCACHED_AUTO_DISCOVERY", "true")
                .containsEntry(ENV + "APP_CACHE_MEMCACHED_TLS", "true");
        assertThat(order.get(ENV + "APP_CACHE_MEMCACHED_ADDRESSES")).contains("ConfigurationEndpoint");

        Map<String, String> analytics = ServiceStackTest.optionSettings(
                Template.fromStack(stacks.services().get(ServiceName.ANALYTICS)));
        assertThat(analytics).doesNotContainKey(ENV + "APP_CACHE_ENGINE").containsKey(ENV + "SPRING_DATA_REDIS_HOST");
    }

    @Test
    void byDefaultThereIsNoMemcachedCluster() {
        SynthesizedApp.template(SynthesizedApp.stacks().data()).resourceCountIs("AWS::ElastiCache::CacheCluster", 0);
    }
}

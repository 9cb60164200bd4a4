package dev.awsref.order.bench;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.aws.AwsEndpoints;
import dev.awsref.platform.provision.EphemeralTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.testsupport.AwsTestEnvironment;

/** What the order benchmarks share before they start the service. */
final class OrderBenchmarks {

    private OrderBenchmarks() {}

    /**
     * The topology's topics and queues on the emulators, under a fresh prefix deleted when the JVM
     * exits, so the outbox relay has its topic to publish to and no two runs share one.
     */
    static String provisionTopology() {
        AwsTestEnvironment aws = AwsTestEnvironment.get();
        return EphemeralTopology.provisionUntilExit(
                        new AwsClients(AwsEndpoints.of(aws.region(), aws.endpoints())),
                        ReferenceTopology.definition().messagingOnly(),
                        "bench")
                .prefix();
    }
}

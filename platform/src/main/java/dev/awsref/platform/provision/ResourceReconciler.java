package dev.awsref.platform.provision;

import dev.awsref.platform.topology.Topology;

/**
 * Brings one kind of resource in line with the topology: creates what is missing, sets what
 * differs, and reports each resource once. {@link Provisioner} runs one per kind, in dependency
 * order.
 */
interface ResourceReconciler {

    void reconcile(Topology topology, ProvisionRun run);
}

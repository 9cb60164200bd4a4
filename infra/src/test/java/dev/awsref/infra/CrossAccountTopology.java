package dev.awsref.infra;

import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceName;
import dev.awsref.platform.topology.TopicSpec;
import dev.awsref.platform.topology.Topology;
import java.time.Duration;

/**
 * A small topology that opens itself to a partner account, as a reader would who takes orders from
 * a partner's system: the partner may send to {@code partner-inbox} and subscribe a queue of its
 * own to {@code order-events}. The reference topology grants no other account.
 */
public final class CrossAccountTopology {

    /** The partner: the account the model names. */
    public static final String PARTNER = "444455556666";
    /** Any other account: named nowhere. */
    public static final String STRANGER = "777788889999";

    public static final String PARTNER_INBOX = "partner-inbox";

    private CrossAccountTopology() {}

    public static Topology withPartner() {
        return Topology.builder()
                .topic(TopicSpec.standard(ReferenceTopology.ORDER_EVENTS, ServiceName.ORDER))
                .topic(TopicSpec.standard(ReferenceTopology.OPS_ALERTS, null))
                .queueWithDeadLetter(PARTNER_INBOX, Duration.ofSeconds(30), 5, ServiceName.ORDER)
                .allowAccountToSend(PARTNER, PARTNER_INBOX)
                .allowAccountToSubscribe(PARTNER, ReferenceTopology.ORDER_EVENTS)
                .build();
    }
}

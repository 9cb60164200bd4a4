package dev.awsref.analytics.orders;

import dev.awsref.analytics.aggregate.RedisAggregates;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.OrderLine;
import dev.awsref.platform.events.OrderPlaced;
import io.awspring.cloud.sqs.annotation.SqsListener;
import java.util.LinkedHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * All order events, from {@code analytics-order-events} (SNS fan-out, raw delivery): an
 * OrderPlaced adds to the customer's orders and spend and to the products' purchase leaderboard,
 * once per event id. Other order events are acknowledged and ignored. Failures follow the
 * platform's listener policy: a message that fails to store comes back after the visibility
 * timeout and goes to the DLQ on its last receive; an unreadable one (an EventContractException)
 * goes there at once, with the reason.
 */
@Component
@ConditionalOnProperty(name = "analytics.order-events.enabled", havingValue = "true", matchIfMissing = true)
class OrderEventsListener {

    private final RedisAggregates aggregates;
    private final EventCodec codec = new EventCodec();

    OrderEventsListener(RedisAggregates aggregates) {
        this.aggregates = aggregates;
    }

    @SqsListener(value = "#{@topology.queue('analytics-order-events')}", id = "analytics-order-events")
    void onOrderEvent(String body) {
        var envelope = codec.fromJson(body);
        if (envelope.data() instanceof OrderPlaced placed) {
            var quantities = new LinkedHashMap<String, Integer>();
            for (OrderLine line : placed.lines()) {
                quantities.merge(line.productId(), line.quantity(), Integer::sum);
            }
            aggregates.applyOrder(envelope.id(), placed.customerId(), placed.total(), quantities);
        }
    }
}

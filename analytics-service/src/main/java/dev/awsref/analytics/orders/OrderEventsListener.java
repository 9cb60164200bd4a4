package dev.awsref.analytics.orders;

import dev.awsref.analytics.aggregate.RedisAggregates;
import dev.awsref.platform.events.EventCodec;
import dev.awsref.platform.events.EventContractException;
import dev.awsref.platform.events.OrderLine;
import dev.awsref.platform.events.OrderPlaced;
import io.awspring.cloud.sqs.annotation.SqsListener;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * All order events, from {@code analytics-order-events} (SNS fan-out, raw delivery): an
 * OrderPlaced adds to the customer's orders and spend and to the products' purchase leaderboard,
 * once per event id. Other order events are acknowledged and ignored. A message that fails to
 * store is not acknowledged, comes back after the visibility timeout, and after 5 receives lands in
 * the queue's DLQ; an unreadable one is acknowledged and counted, because no retry can fix it.
 */
@Component
@ConditionalOnProperty(name = "analytics.order-events.enabled", havingValue = "true", matchIfMissing = true)
class OrderEventsListener {

    private static final Logger log = LoggerFactory.getLogger(OrderEventsListener.class);

    private final RedisAggregates aggregates;
    private final EventCodec codec = new EventCodec();

    OrderEventsListener(RedisAggregates aggregates) {
        this.aggregates = aggregates;
    }

    @SqsListener(queueNames = "#{@topologyNames.orderEventsQueue()}")
    void onOrderEvent(String body) {
        try {
            var envelope = codec.fromJson(body);
            if (envelope.data() instanceof OrderPlaced placed) {
                var quantities = new LinkedHashMap<String, Integer>();
                for (OrderLine line : placed.lines()) {
                    quantities.merge(line.productId(), line.quantity(), Integer::sum);
                }
                aggregates.applyOrder(
                        envelope.id(), placed.customerId(), placed.total().toPlainString(), quantities);
            }
        } catch (EventContractException unreadable) {
            log.warn("ignoring unreadable order event: {}", unreadable.getMessage());
        }
    }
}

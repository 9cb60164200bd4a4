package dev.awsref.defaults.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awsref.defaults.topology.EnvironmentTopology;
import dev.awsref.platform.topology.ReferenceTopology;
import io.awspring.cloud.sqs.listener.DefaultListenerContainerRegistry;
import io.awspring.cloud.sqs.listener.SqsMessageListenerContainer;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** Containers are configured, never started: the client below is never called. */
class ListenersFollowTheModelTest {

    private final EnvironmentTopology topology =
            EnvironmentTopology.of("local", "us-east-1", "000000000000", "notification-service");
    private final SqsAsyncClient unused = SqsAsyncClient.builder()
            .region(Region.US_EAST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .build();
    private final DefaultListenerContainerRegistry registry = new DefaultListenerContainerRegistry();

    @AfterEach
    void closeClient() {
        unused.close();
    }

    @Test
    void aContainerGetsItsQueuesListenerSettingsFromTheModel() {
        var container = container("high-value", "local-" + ReferenceTopology.HIGH_VALUE_ORDERS);

        new ListenersFollowTheModel(registry, topology).start();

        var listener = ReferenceTopology.definition()
                .queue(ReferenceTopology.HIGH_VALUE_ORDERS)
                .listener();
        assertThat(container.getContainerOptions().getMaxConcurrentMessages())
                .isEqualTo(listener.maxConcurrentMessages());
        assertThat(container.getContainerOptions().getMaxMessagesPerPoll()).isEqualTo(listener.maxMessagesPerPoll());
    }

    @Test
    void aListenerOnAQueueTheModelDoesNotGiveTheServiceStopsStartUp() {
        container("stray", "local-" + ReferenceTopology.ANALYTICS_ORDER_EVENTS);

        assertThatThrownBy(() -> new ListenersFollowTheModel(registry, topology).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("listener 'stray' receives from 'local-analytics-order-events'")
                .hasMessageContaining("does not give to notification-service");
    }

    private SqsMessageListenerContainer<Object> container(String id, String queue) {
        SqsMessageListenerContainer<Object> container = SqsMessageListenerContainer.builder()
                .sqsAsyncClient(unused)
                .queueNames(queue)
                .messageListener(message -> {})
                .id(id)
                .build();
        registry.registerListenerContainer(container);
        return container;
    }
}

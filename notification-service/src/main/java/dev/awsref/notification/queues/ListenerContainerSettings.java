package dev.awsref.notification.queues;

import io.awspring.cloud.sqs.config.SqsMessageListenerContainerFactory;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Settings of the listener containers that Spring Cloud AWS's properties do not reach. The
 * auto-configured container factory is kept (converters, observation) and adjusted.
 */
@Configuration(proxyBeanMethods = false)
class ListenerContainerSettings {

    /**
     * How long stopping a container waits for in-flight messages before it gives up on them. A
     * message still being handled then is not acknowledged and comes back after its visibility
     * timeout, which is what happens when a process is killed, too.
     */
    @Bean
    static BeanPostProcessor listenerShutdownTimeout(
            @Value("${app.listeners.shutdown-timeout:20s}") Duration shutdownTimeout) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof SqsMessageListenerContainerFactory<?> factory) {
                    factory.configure(options -> options.listenerShutdownTimeout(shutdownTimeout)
                            .acknowledgementShutdownTimeout(shutdownTimeout));
                }
                return bean;
            }
        };
    }
}

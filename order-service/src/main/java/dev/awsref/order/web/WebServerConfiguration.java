package dev.awsref.order.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class WebServerConfiguration {

    /**
     * Tomcat answers {@code Expect: 100-continue} only when the application reads the body. A body
     * the {@link RequestSizeLimitFilter} refuses is then never uploaded: the client gets the 413
     * instead of a "100 Continue" followed by a connection Tomcat closes mid-upload.
     */
    @Bean
    TomcatConnectorCustomizer continueOnlyWhenTheBodyIsRead() {
        return connector -> connector.setProperty("continueResponseTiming", "onRead");
    }
}

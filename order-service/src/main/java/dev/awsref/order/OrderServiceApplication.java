package dev.awsref.order;

import dev.awsref.platform.events.EventCodec;
import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class OrderServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderServiceApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The platform's codec: events keep their wire format whatever the REST API's JSON settings. */
    @Bean
    EventCodec eventCodec() {
        return new EventCodec();
    }
}

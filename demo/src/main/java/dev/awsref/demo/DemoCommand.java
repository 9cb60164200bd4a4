package dev.awsref.demo;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.provision.AwsCommandLine;
import dev.awsref.platform.provision.EndpointOptions;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar demo/target/demo-*.jar}: two demos. Given the services' URLs, it uses them as a
 * client would ({@link ServicesDemo}); {@code ./dev up} runs it this way. Without them it needs
 * only the provisioned topology ({@link TopologyDemo}): it publishes one order's events and a few
 * users' activity itself and shows where they landed.
 *
 * <p>A module of its own, not part of platform: every service depends on platform, and none of
 * them should carry the demo.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Places an order and records activity through the services' APIs, or, without their URLs,"
                + " publishes sample order events and user activity and shows where each arrived.")
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    EndpointOptions options;

    @Option(
            names = "--order-service",
            description = "order-service's URL: place the order through its API instead of publishing the events.")
    Optional<URI> orderService;

    @Option(names = "--analytics-service", description = "analytics-service's URL: post activity through its API.")
    Optional<URI> analyticsService;

    @Option(
            names = "--mail-api",
            description = "The SMTP sink's web API: maildev (./dev up: http://127.0.0.1:1080) or Mailpit"
                    + " (docker compose: http://mailpit:8025); which one it is, the demo asks.")
    Optional<URI> mailApi;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }

    @Override
    public Integer call() {
        return AwsCommandLine.run(() -> {
            if (orderService.isPresent() || analyticsService.isPresent()) {
                var demo = new ServicesDemo(System.out);
                if (orderService.isPresent()) {
                    demo.placeAnOrder(orderService.get(), mailApi);
                }
                if (analyticsService.isPresent()) {
                    demo.recordActivity(analyticsService.get());
                }
                return 0;
            }
            try (var aws = new AwsClients(options.endpoints())) {
                new TopologyDemo(aws, options.names(), System.out).run();
                return 0;
            }
        });
    }
}

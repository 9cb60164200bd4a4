package dev.awsref.platform.provision;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.doc.ArchitectureDocCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code java -jar platform-*-provisioner.jar --endpoint http://localhost:4566 --prefix local}:
 * creates the reference topology on an endpoint, or in the account the default credentials reach
 * when no endpoint is given. Safe to run again; it prints what it created, updated or left alone.
 * The demo that sends sample events through it is a jar of its own (the {@code demo} module).
 * {@code ... architecture-doc} rewrites docs/architecture.md's generated tables instead (see
 * {@link ArchitectureDocCommand}).
 */
@Command(
        name = "provision",
        mixinStandardHelpOptions = true,
        subcommands = ArchitectureDocCommand.class,
        description = "Creates the system's topics, queues, subscriptions, bucket, stream and tables, idempotently.")
public final class ProvisionCommand implements Callable<Integer> {

    @Mixin
    EndpointOptions options;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProvisionCommand()).execute(args));
    }

    @Override
    public Integer call() {
        return AwsCommandLine.run(() -> {
            try (var aws = new AwsClients(options.endpoints())) {
                System.out.printf(
                        "provisioning the reference topology (prefix '%s', region %s)%n",
                        options.prefix, options.region);
                var report =
                        new Provisioner(aws, options.names(), System.out).provision(ReferenceTopology.definition());
                System.out.println("done: " + report.summary());
                return 0;
            }
        });
    }
}

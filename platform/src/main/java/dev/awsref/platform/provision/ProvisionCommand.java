package dev.awsref.platform.provision;

import dev.awsref.platform.aws.AwsClients;
import dev.awsref.platform.topology.InvalidTopologyException;
import dev.awsref.platform.topology.ReferenceTopology;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * {@code java -jar platform-*-provisioner.jar --endpoint http://localhost:4566 --prefix local}:
 * creates the reference topology on an endpoint, or in the account the default credentials reach
 * when no endpoint is given. Safe to run again; it prints what it created, updated or left alone.
 * {@code ... demo} then sends sample events through it (see {@link DemoCommand}).
 */
@Command(
        name = "provision",
        mixinStandardHelpOptions = true,
        subcommands = DemoCommand.class,
        description = "Creates the system's topics, queues, subscriptions, bucket, stream and tables, idempotently.")
public final class ProvisionCommand implements Callable<Integer> {

    @Mixin
    EndpointOptions options;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProvisionCommand()).execute(args));
    }

    @Override
    public Integer call() {
        return runAgainstAws(() -> {
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

    /** Turns the failures a user can act on into one line and an exit code, instead of a stack trace. */
    static int runAgainstAws(Callable<Integer> work) {
        try {
            return work.call();
        } catch (InvalidTopologyException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (SdkClientException e) {
            System.err.println("error: cannot reach AWS (" + firstLine(e.getMessage())
                    + "); is the emulator running? try tools/emulators.sh status");
            return 1;
        } catch (SdkServiceException e) {
            System.err.println("error: AWS refused a call: " + firstLine(e.getMessage()));
            return 1;
        } catch (Exception e) {
            System.err.println("error: " + e);
            return 1;
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}

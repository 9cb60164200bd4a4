package dev.awsref.platform.provision;

import dev.awsref.platform.topology.InvalidTopologyException;
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** What the command-line tools that call AWS (the provisioner, the demo) share: how they fail. */
public final class AwsCommandLine {

    private AwsCommandLine() {}

    /**
     * Runs the work and turns the failures a user can act on into one line and an exit code,
     * instead of a stack trace: 2 for an invalid topology or argument, 1 when AWS is unreachable
     * or refuses a call.
     */
    public static int run(Callable<Integer> work) {
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

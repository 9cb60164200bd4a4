package dev.awsref.infra.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What passes on the emulators must pass on AWS: every AWS call each service made in its
 * integration tests and in the system tests is allowed by its instance role as the synthesized
 * templates define it, and every delivery into a queue by the queue's and key's policies ({@link
 * IamCheck}, docs/iam.md).
 * Runs in infra's integration-test phase, after the services' modules and the system tests (the
 * services' jars as the run command starts them) recorded their calls: the reactor builds infra
 * last. Writes the whole report to {@code infra/target/iam-check.txt}.
 */
class InstanceRolesAllowRecordedCallsIT {

    private final Path root = Path.of(System.getProperty("project.root", ".."));

    @Test
    void everyCallTheServicesMadeInTheirTestsIsAllowedOnAwsAndSoIsEveryDeliveryIntoTheirQueues() throws Exception {
        var check = new IamCheck(root);
        assertThat(check.missingRecordings())
                .as("recorded calls are missing: run the services' integration tests and the system tests first"
                        + " (./dev test, or ./mvnw verify from the root, which builds infra after system-tests)")
                .isEmpty();
        Map<String, java.util.List<RecordedCall>> recordings = check.recordings();

        IamCheck.Report report = check.run(recordings);

        Path out = root.resolve("infra/target/iam-check.txt");
        Files.writeString(out, report.text(), StandardCharsets.UTF_8);
        System.out.print(report.text().substring(0, report.text().indexOf("[iam] every request")));
        System.out.println("[iam] every request with why it was made: " + root.relativize(out));
        assertThat(report.denials())
                .as("calls the services make that their instance roles (or the resource policies) would deny on AWS")
                .isEmpty();
    }
}

package dev.awsref.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

class NagChecksTest {

    @Test
    void everyStackPassesTheAwsSolutionsChecksWithoutErrorsOrWarningsAndOnlyReasonedSuppressions() {
        long start = System.nanoTime();
        var stacks = SynthesizedApp.stacks();
        var findings = SynthesizedApp.nagFindings();
        assertThat(findings).isEmpty();
        // Every suppression carries a reason (cdk-nag refuses reasons under 10 characters, too).
        var template = SynthesizedApp.template(stacks.messaging()).toJSON().toString();
        assertThat(template).contains("rules_to_suppress").contains("AwsSolutions-S1");
        assertThat(SynthesizedApp.stackCount())
                .as("network, data, messaging, streaming, auth, dashboard, one per service and the optional ones")
                .isEqualTo(6
                        + stacks.services().size()
                        + (stacks.githubDeployRole().isPresent() ? 1 : 0)
                        + (stacks.failover().isPresent() ? 1 : 0));
        System.out.println("[infra] nag findings of " + SynthesizedApp.stackCount() + " stacks read in "
                + (System.nanoTime() - start) / 1_000_000 + " ms (synth included if this ran first)");
    }

    /** The check above would pass vacuously if the checks never ran; here they must find something. */
    @Test
    void theChecksDoFindAQueueWithoutTlsOrDeadLetterQueue() {
        App app = new App();
        Stack stack = new Stack(app, "Careless");
        Queue.Builder.create(stack, "Plain")
                .encryption(QueueEncryption.UNENCRYPTED)
                .build();
        Aspects.of(app).add(new AwsSolutionsChecks());

        assertThat(SynthesizedApp.nagFindings(app.synth()))
                .anyMatch(text -> text.contains("AwsSolutions-SQS3"))
                .anyMatch(text -> text.contains("AwsSolutions-SQS4"));
    }
}

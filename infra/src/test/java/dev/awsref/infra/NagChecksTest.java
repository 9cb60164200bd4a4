package dev.awsref.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;

class NagChecksTest {

    @Test
    void everyStackPassesTheAwsSolutionsChecksWithoutErrorsOrWarningsAndOnlyReasonedSuppressions() {
        var stacks = SynthesizedApp.stacks();
        var all = new ArrayList<Stack>(
                List.of(stacks.network(), stacks.data(), stacks.messaging(), stacks.streaming(), stacks.auth()));
        all.addAll(stacks.services().values());
        var findings = new ArrayList<String>();
        for (Stack stack : all) {
            Annotations.fromStack(stack)
                    .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                    .forEach(m -> findings.add(stack.getStackName() + " " + m.getId() + ": "
                            + m.getEntry().getData()));
            SynthesizedApp.nagErrors(stack)
                    .forEach(m -> findings.add(stack.getStackName() + " " + m.getId() + ": "
                            + m.getEntry().getData()));
        }
        assertThat(findings).isEmpty();
        // Every suppression carries a reason (cdk-nag refuses reasons under 10 characters, too).
        var template = SynthesizedApp.template(stacks.messaging()).toJSON().toString();
        assertThat(template).contains("rules_to_suppress").contains("AwsSolutions-S1");
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
        app.synth();

        assertThat(SynthesizedApp.nagErrors(stack))
                .extracting(m -> m.getEntry().getData().toString())
                .anyMatch(text -> text.contains("AwsSolutions-SQS3"))
                .anyMatch(text -> text.contains("AwsSolutions-SQS4"));
    }
}

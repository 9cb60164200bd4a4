package dev.awsref.infra;

import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.Topology;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * One synthesized app, with cdk-nag's AwsSolutions checks, shared by every test class in the JVM:
 * jsii runs the CDK in a Node process and a synth of all stacks takes seconds, so it is done once.
 */
final class SynthesizedApp {

    static final Topology TOPOLOGY = ReferenceTopology.definition();
    static final InfraSettings SETTINGS = InfraSettings.defaults("prod").withOpsEmail("ops@example.com");

    private static InfraApp.Stacks stacks;
    private static long synthMillis;

    private SynthesizedApp() {}

    static synchronized InfraApp.Stacks stacks() {
        if (stacks == null) {
            long start = System.nanoTime();
            stacks = synth(SETTINGS);
            synthMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[infra] built and synthesized all stacks with cdk-nag in " + synthMillis + " ms");
        }
        return stacks;
    }

    static InfraApp.Stacks synth(InfraSettings settings) {
        App app = new App();
        InfraApp.Stacks built = InfraApp.build(app, settings, TOPOLOGY, Optional.empty());
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
        return built;
    }

    static Template template(Stack stack) {
        return Template.fromStack(stack);
    }

    /** cdk-nag errors left after the suppressions (each suppression carries its reason). */
    static java.util.List<software.amazon.awscdk.cxapi.SynthesisMessage> nagErrors(Stack stack) {
        return Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
    }
}

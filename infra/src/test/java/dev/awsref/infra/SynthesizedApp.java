package dev.awsref.infra;

import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.Topology;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/**
 * One synthesized app, with cdk-nag's AwsSolutions checks, shared by every test class in the JVM:
 * jsii runs the CDK in a Node process and a synth of all stacks takes seconds, so it is done once.
 */
final class SynthesizedApp {

    static final Topology TOPOLOGY = ReferenceTopology.definition();
    static final String CERTIFICATE_ARN =
            "arn:aws:acm:us-east-1:123456789012:certificate/0b6a7c3e-0000-4000-8000-000000000001";
    static final InfraSettings SETTINGS = InfraSettings.defaults("prod")
            .withOpsEmail("ops@example.com")
            .withCertificate(CERTIFICATE_ARN)
            .withGithubRepository("example-org/aws-decoupled-reference");

    private static InfraApp.Stacks stacks;
    private static CloudAssembly assembly;
    private static long synthMillis;

    private SynthesizedApp() {}

    static synchronized InfraApp.Stacks stacks() {
        if (stacks == null) {
            long start = System.nanoTime();
            App app = new App();
            stacks = InfraApp.build(app, SETTINGS, TOPOLOGY, Optional.empty());
            Aspects.of(app).add(new AwsSolutionsChecks());
            assembly = app.synth();
            synthMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("[infra] built and synthesized all stacks with cdk-nag in " + synthMillis + " ms");
        }
        return stacks;
    }

    /**
     * cdk-nag's errors and warnings in every stack, read from the one synthesized assembly
     * ({@code Annotations.fromStack} would synthesize the whole app again for each stack).
     */
    static synchronized List<String> nagFindings() {
        stacks();
        return nagFindings(assembly);
    }

    /** AwsSolutions errors and warnings of every stack in a synthesized assembly. */
    static List<String> nagFindings(CloudAssembly assembly) {
        var findings = new ArrayList<String>();
        for (CloudFormationStackArtifact stack : assembly.getStacks()) {
            for (SynthesisMessage m : stack.getMessages()) {
                String text = String.valueOf(m.getEntry().getData());
                if (m.getLevel() != SynthesisMessageLevel.INFO && text.startsWith("AwsSolutions-")) {
                    findings.add(stack.getStackName() + " " + m.getId() + " " + m.getLevel() + ": " + text);
                }
            }
        }
        return findings;
    }

    static synchronized int stackCount() {
        stacks();
        return assembly.getStacks().size();
    }

    static Template template(Stack stack) {
        return Template.fromStack(stack);
    }
}

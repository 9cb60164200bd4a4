package dev.awsref.infra;

import static dev.awsref.infra.TemplateReader.list;
import static dev.awsref.infra.TemplateReader.props;
import static dev.awsref.infra.TemplateReader.resources;
import static dev.awsref.infra.TemplateReader.statements;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GithubDeployRoleStackTest {

    private final InfraApp.Stacks stacks = SynthesizedApp.stacks();

    @Test
    @SuppressWarnings("unchecked")
    void theRoleTrustsOnlyTheRepositorysJobsThatRunInAGithubEnvironmentForFourHours() {
        var template = SynthesizedApp.template(stacks.githubDeployRole().orElseThrow());
        var role =
                props(resources(template, "AWS::IAM::Role").values().iterator().next());
        assertThat(role).containsEntry("MaxSessionDuration", 4 * 3600);
        var trust = (Map<String, Object>)
                list(((Map<String, Object>) role.get("AssumeRolePolicyDocument")).get("Statement"))
                        .getFirst();
        assertThat(trust).containsEntry("Action", "sts:AssumeRoleWithWebIdentity");
        assertThat(String.valueOf(trust.get("Condition")))
                .contains("token.actions.githubusercontent.com:aud=sts.amazonaws.com")
                .contains(
                        "token.actions.githubusercontent.com:sub=repo:example-org/aws-decoupled-reference:environment:*");
    }

    @Test
    void itDeploysOnlyThisEnvironmentsApplicationsAndPassesOnlyTheirRoles() {
        var template = SynthesizedApp.template(stacks.githubDeployRole().orElseThrow());
        var bySid = statements(template, "AWS::IAM::Policy", "PolicyDocument").stream()
                .collect(java.util.stream.Collectors.toMap(s -> (String) s.get("Sid"), s -> s));
        assertThat(list(bySid.get("DeployItsEnvironments").get("Resource")))
                .map(String::valueOf)
                .filteredOn(arn -> !arn.contains("::platform/") && !arn.contains("::solutionstack/"))
                .allSatisfy(arn -> assertThat(arn).contains("/prod-"))
                .anySatisfy(arn -> assertThat(arn).contains("environment/prod-order-service/prod-order-service-b"));
        assertThat(list(bySid.get("PassItsRolesToElasticBeanstalk").get("Resource")))
                .hasSize(2 * 3);
        assertThat(list(bySid.get("DeployItsEnvironments").get("Action")))
                .contains("elasticbeanstalk:AbortEnvironmentUpdate", "elasticbeanstalk:SwapEnvironmentCNAMEs")
                .doesNotContain("elasticbeanstalk:*");
    }

    @Test
    void withoutARepositoryThereIsNoDeployRole() {
        var app = new software.amazon.awscdk.App();
        var s = InfraSettings.defaults("bare").withCertificate(SynthesizedApp.CERTIFICATE_ARN);
        assertThat(InfraApp.build(app, s, SynthesizedApp.TOPOLOGY, java.util.Optional.empty())
                        .githubDeployRole())
                .isEmpty();
    }
}

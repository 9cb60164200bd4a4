package dev.awsref.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** What the deploy workflow must get right with AWS and GitHub, read from the file itself. */
class DeployWorkflowSafetyTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> workflow() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve(".github"))) {
            dir = dir.getParent();
        }
        return new Yaml().load(Files.readString(dir.resolve(".github/workflows/deploy.yml")));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> workflow, String job) {
        var jobs = (Map<String, Map<String, Object>>) workflow.get("jobs");
        return (List<Map<String, Object>>) jobs.get(job).get("steps");
    }

    @Test
    @SuppressWarnings("unchecked")
    void noExpressionIsPastedIntoAShellScriptSoNoInputCanInjectCommands() throws IOException {
        var workflow = workflow();
        var jobs = (Map<String, Map<String, Object>>) workflow.get("jobs");
        jobs.forEach((name, job) -> steps(workflow, name).stream()
                .filter(step -> step.containsKey("run"))
                .forEach(step -> assertThat(String.valueOf(step.get("run")))
                        .as(name + ": " + step.get("name"))
                        .doesNotContain("${{")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDeployJobRunsInAGithubEnvironmentWithASessionAsLongAsTheRoleAllows() throws IOException {
        var workflow = workflow();
        var deploy = ((Map<String, Map<String, Object>>) workflow.get("jobs")).get("deploy");
        assertThat(deploy).containsKey("environment"); // the OIDC subject is repo:OWNER/REPO:environment:NAME
        var credentials = steps(workflow, "deploy").stream()
                .filter(step -> String.valueOf(step.get("uses")).startsWith("aws-actions/configure-aws-credentials"))
                .findFirst()
                .orElseThrow();
        var with = (Map<String, Object>) credentials.get("with");
        assertThat(((Number) with.get("role-duration-seconds")).longValue())
                .isEqualTo(GithubDeployRoleStack.MAX_SESSION.toSeconds().longValue());
        assertThat(GithubDeployRoleStack.subject("OWNER/REPO")).isEqualTo("repo:OWNER/REPO:environment:*");
    }
}

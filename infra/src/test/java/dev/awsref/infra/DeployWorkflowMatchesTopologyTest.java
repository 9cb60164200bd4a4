package dev.awsref.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awsref.platform.topology.ReferenceTopology;
import dev.awsref.platform.topology.ServiceSpec;
import dev.awsref.platform.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deploy workflow offers and deploys exactly the services the topology model declares: its
 * {@code service} input's choices (besides {@code all}) and the deploy job's matrix. A service
 * added to the model and not to the workflow could never be deployed from CI; one left in the
 * workflow after it left the model would fail at deploy time.
 */
class DeployWorkflowMatchesTopologyTest {

    private static final Topology MODEL = ReferenceTopology.definition();

    /** Anything in the workflow that reads like a service id. */
    private static final Pattern SERVICE_ID = Pattern.compile("\\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-service\\b");

    @Test
    void theDeployWorkflowOffersAndDeploysExactlyTheServicesTheModelDeclares() throws IOException {
        assertThat(mismatches(Files.readString(workflowFile()), MODEL)).isEmpty();
    }

    /** The shape of deploy.yml, cut down to what the check reads. */
    private static String workflow(String choices, String matrix, String condition) {
        return """
                on:
                  workflow_dispatch:
                    inputs:
                      service:
                        type: choice
                        options: [%s]
                jobs:
                  deploy:
                    strategy:
                      matrix:
                        service: [%s]
                    steps:
                      - if: %s
                        run: echo
                """.formatted(choices, matrix, condition);
    }

    @Test
    void aServiceTheWorkflowMissesIsNamedWhereItIsMissing() {
        String workflow = workflow(
                "all, order-service, notification-service",
                "order-service, analytics-service",
                "matrix.service == 'order-service'");

        assertThat(mismatches(workflow, MODEL))
                .containsExactly(
                        "deploy.yml, workflow_dispatch input 'service': no choice for analytics-service, which the"
                                + " model declares",
                        "deploy.yml, deploy job matrix 'service': no entry for notification-service, which the model"
                                + " declares");
    }

    @Test
    void aServiceTheModelDoesNotDeclareIsNamedWhereverItIs() {
        String all = "order-service, notification-service, analytics-service";
        String workflow = workflow(
                "all, " + all + ", billing-service", all + ", billing-service", "matrix.service == 'ledger-service'");

        assertThat(mismatches(workflow, MODEL))
                .containsExactly(
                        "deploy.yml, workflow_dispatch input 'service': billing-service is not a service of the model",
                        "deploy.yml, deploy job matrix 'service': billing-service is not a service of the model",
                        "deploy.yml names ledger-service, which is not a service of the model");
    }

    /** What differs between the workflow and the model, one line per service and place. */
    static List<String> mismatches(String workflowYaml, Topology topology) {
        Map<Object, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(workflowYaml);
        // YAML 1.1 (SnakeYAML) reads the bare key `on` as the boolean true.
        Object on = root.containsKey("on") ? root.get("on") : root.get(Boolean.TRUE);
        Set<String> declared = new LinkedHashSet<>(
                topology.services().stream().map(ServiceSpec::id).toList());
        var problems = new ArrayList<String>();

        List<String> choices = strings(path(on, "workflow_dispatch", "inputs", "service", "options"));
        compare(
                "workflow_dispatch input 'service'",
                "choice",
                choices.stream().filter(c -> !c.equals("all")).toList(),
                declared,
                problems);
        List<String> matrix = strings(path(root, "jobs", "deploy", "strategy", "matrix", "service"));
        compare("deploy job matrix 'service'", "entry", matrix, declared, problems);

        // Anywhere else (a condition, a step name): a service id the model does not know.
        var named = new TreeSet<String>();
        SERVICE_ID.matcher(workflowYaml).results().forEach(m -> named.add(m.group()));
        named.removeAll(declared);
        named.removeAll(choices);
        named.removeAll(matrix);
        named.forEach(id -> problems.add("deploy.yml names " + id + ", which is not a service of the model"));
        return problems;
    }

    private static void compare(
            String where, String kind, List<String> listed, Set<String> declared, List<String> problems) {
        for (String id : declared) {
            if (!listed.contains(id)) {
                problems.add("deploy.yml, " + where + ": no " + kind + " for " + id + ", which the model declares");
            }
        }
        for (String id : listed) {
            if (!declared.contains(id)) {
                problems.add("deploy.yml, " + where + ": " + id + " is not a service of the model");
            }
        }
    }

    private static Object path(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new AssertionError("deploy.yml has no " + String.join(".", keys) + " (stopped at " + key + ")");
            }
            current = map.get(key);
        }
        return current;
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new AssertionError("expected a list in deploy.yml, found " + value);
        }
        return list.stream().map(String::valueOf).toList();
    }

    /** {@code .github/workflows/deploy.yml} of the project, found from the module's directory. */
    private static Path workflowFile() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(".github").resolve("workflows").resolve("deploy.yml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(
                "no .github/workflows/deploy.yml above " + Path.of("").toAbsolutePath());
    }
}

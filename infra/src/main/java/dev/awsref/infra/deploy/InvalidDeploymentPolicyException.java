package dev.awsref.infra.deploy;

import java.util.List;

/** A deployment policy that Elastic Beanstalk would refuse, or that could not work on the environment. */
public class InvalidDeploymentPolicyException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidDeploymentPolicyException(List<String> problems) {
        super("invalid deployment policy:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

package dev.awsref.testsupport.awscalls;

import java.util.Map;

/**
 * One request AWS authorizes: an IAM action on one resource ARN ({@code *} where the action takes
 * no resource), with the condition keys the action carries, as AWS would see it on the emulator.
 */
public record IamRequest(String action, String resource, Map<String, String> context) {

    public IamRequest {
        context = Map.copyOf(context);
    }

    static IamRequest of(String action, String resource) {
        return new IamRequest(action, resource, Map.of());
    }
}

package dev.awsref.defaults.operations;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * HTTP basic credentials for a service's operations API. There is no default password: set
 * {@code APP_OPERATIONS_PASSWORD} (the CDK app provisions one in Secrets Manager for every service
 * whose model entry has an operations API; the local profiles set a local-only one). Without one
 * the operations endpoints refuse every request.
 */
@ConfigurationProperties("app.operations")
public record OperationsProperties(String username, String password) {

    public OperationsProperties {
        username = username == null || username.isBlank() ? "ops" : username;
        password = password == null ? "" : password;
    }

    public boolean enabled() {
        return !password.isBlank();
    }
}

package dev.awsref.infra;

import dev.awsref.platform.topology.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;

/**
 * The secrets one service reads, as its {@link ServiceSpec} says: the shared PostgreSQL
 * credentials and Redis AUTH token (created by {@link DataStack}), and two of its own, created
 * here: SES SMTP credentials for a service that sends mail, and the password of its operations
 * endpoints.
 *
 * <p>They reach the service as Elastic Beanstalk environment secrets ({@link #environmentSecrets}),
 * and the instance role may read exactly these ({@link #arns}).
 */
final class ServiceSecrets {

    private final Optional<ISecret> database;
    private final Optional<ISecret> redisAuthToken;
    private final Optional<Secret> smtpCredentials;
    private final Secret operationsPassword;

    private ServiceSecrets(
            Optional<ISecret> database,
            Optional<ISecret> redisAuthToken,
            Optional<Secret> smtpCredentials,
            Secret operationsPassword) {
        this.database = database;
        this.redisAuthToken = redisAuthToken;
        this.smtpCredentials = smtpCredentials;
        this.operationsPassword = operationsPassword;
    }

    /**
     * Creates the service's own secrets directly in {@code stack} (ids {@code SmtpCredentials} and
     * {@code OperationsPassword}: a construct in between would change their logical ids, and
     * CloudFormation would replace the secrets with new values).
     */
    static ServiceSecrets provision(Stack stack, InfraSettings settings, ServiceSpec service, DataStack data) {
        // SES SMTP credentials are a placeholder until an operator stores real ones: SES derives them
        // from an IAM user, which CDK should not create.
        Optional<Secret> smtp = service.sendsMail()
                ? Optional.of(Secret.Builder.create(stack, "SmtpCredentials")
                        .secretName(settings.names().physical(service.id() + "-ses-smtp"))
                        .description("SES SMTP credentials: aws secretsmanager put-secret-value with"
                                + " {\"username\":...,\"password\":...}")
                        .generateSecretString(SecretStringGenerator.builder()
                                .secretStringTemplate("{\"username\":\"replace-with-ses-smtp-username\"}")
                                .generateStringKey("password")
                                .excludePunctuation(true)
                                .build())
                        .build())
                : Optional.empty();
        // Every service, not only those with an operations API of their own: OperationsSecurity puts
        // each service's actuator beyond health, info and prometheus (metrics, the circuit breakers
        // an operator can force open) behind this password, and without one they refuse everyone.
        Secret operations = Secret.Builder.create(stack, "OperationsPassword")
                .secretName(settings.names().physical(service.id() + "-operations"))
                .description("HTTP basic password of the operations endpoints on the management port (user ops)")
                .generateSecretString(SecretStringGenerator.builder()
                        .passwordLength(32)
                        .excludePunctuation(true)
                        .build())
                .build();
        smtp.ifPresent(secret -> Nag.suppress(
                secret,
                "AwsSolutions-SMG4",
                "SES SMTP credentials come from an IAM user's access key; rotating them is creating a new key"
                        + " and storing the new pair, an operator task."));
        Nag.suppress(
                operations,
                "AwsSolutions-SMG4",
                "Read only when an instance starts; rotate by put-secret-value and RestartAppServer, a runbook"
                        + " step rather than a rotation Lambda for one password.");
        return new ServiceSecrets(
                service.database().isPresent() ? Optional.of(data.databaseSecret()) : Optional.empty(),
                service.cache() ? Optional.of(data.redisAuthToken()) : Optional.empty(),
                smtp,
                operations);
    }

    /** Every secret the instance role may read, and nothing else. */
    List<String> arns() {
        var arns = new ArrayList<String>();
        database.ifPresent(s -> arns.add(s.getSecretArn()));
        redisAuthToken.ifPresent(s -> arns.add(s.getSecretArn()));
        smtpCredentials.ifPresent(s -> arns.add(s.getSecretArn()));
        arns.add(operationsPassword.getSecretArn());
        return arns;
    }

    /**
     * Secrets as environment variables: Elastic Beanstalk reads them from Secrets Manager with the
     * instance role when an instance starts (platform versions since 2025-03-26; the {@code :key}
     * suffix picks a JSON field, since 2026-01-13). The template and the console show only ARNs.
     */
    Map<String, String> environmentSecrets() {
        var secrets = new LinkedHashMap<String, String>();
        database.ifPresent(secret -> {
            secrets.put("SPRING_DATASOURCE_USERNAME", secret.getSecretArn() + ":username");
            secrets.put("SPRING_DATASOURCE_PASSWORD", secret.getSecretArn() + ":password");
        });
        redisAuthToken.ifPresent(secret -> secrets.put("SPRING_DATA_REDIS_PASSWORD", secret.getSecretArn()));
        smtpCredentials.ifPresent(secret -> {
            secrets.put("SPRING_MAIL_USERNAME", secret.getSecretArn() + ":username");
            secrets.put("SPRING_MAIL_PASSWORD", secret.getSecretArn() + ":password");
        });
        secrets.put("APP_OPERATIONS_PASSWORD", operationsPassword.getSecretArn());
        return secrets;
    }
}

package dev.awsref.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.OAuthFlows;
import software.amazon.awscdk.services.cognito.OAuthScope;
import software.amazon.awscdk.services.cognito.OAuthSettings;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.ResourceServerScope;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.cognito.UserPoolClientOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolResourceServerOptions;
import software.constructs.Construct;

/**
 * A Cognito user pool with two app clients: a public one users sign in with (order API, their own
 * activity), and a confidential one for machine callers (the warehouse that ships, the shop that
 * posts activity, operations) that gets the resource-server scopes the services check through the
 * client-credentials grant. The services accept access tokens of these two clients only (issuer
 * and client ids come from this stack as environment properties); nobody signs up by themselves,
 * users are invited.
 */
public class AuthStack extends Stack {

    private final UserPool userPool;
    private final UserPoolClient orderApiClient;
    private final UserPoolClient machineClient;

    public AuthStack(Construct scope, String id, StackProps props, InfraSettings settings) {
        super(scope, id, props);
        userPool = UserPool.Builder.create(this, "Users")
                .userPoolName(settings.names().physical("users"))
                .selfSignUpEnabled(false)
                .signInAliases(SignInAliases.builder().email(true).build())
                .passwordPolicy(PasswordPolicy.builder()
                        .minLength(12)
                        .requireDigits(true)
                        .requireLowercase(true)
                        .requireUppercase(true)
                        .requireSymbols(true)
                        .tempPasswordValidity(Duration.days(3))
                        .build())
                .mfa(Mfa.REQUIRED)
                .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
                .accountRecovery(AccountRecovery.EMAIL_ONLY)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Nag.suppress(
                userPool,
                "AwsSolutions-COG3",
                "Threat protection needs the Plus feature plan (charged per user); turn it on for production"
                        + " sign-ins, the reference keeps the Essentials plan.");
        orderApiClient = userPool.addClient(
                "OrderApi",
                UserPoolClientOptions.builder()
                        .userPoolClientName(settings.names().physical("order-api"))
                        .generateSecret(false)
                        .authFlows(AuthFlow.builder().userSrp(true).build())
                        // Users sign in with SRP; CDK would otherwise also allow the implicit and
                        // code grants with https://example.com as the callback.
                        .disableOAuth(true)
                        .accessTokenValidity(Duration.hours(1))
                        .idTokenValidity(Duration.hours(1))
                        .refreshTokenValidity(Duration.days(30))
                        .preventUserExistenceErrors(true)
                        .build());

        // The scopes the services check (order-service: orders/ship; analytics-service:
        // analytics/ingest and analytics/operations). Cognito puts resource-server scopes only into
        // tokens of the OAuth flows, so the machine callers use the client-credentials grant at the
        // pool's token endpoint, which needs a domain. Its prefix is unique per region across all
        // accounts and may not contain "aws", "amazon" or "cognito", hence env + account id.
        var ship = ResourceServerScope.Builder.create()
                .scopeName("ship")
                .scopeDescription("ship paid orders")
                .build();
        var orders = userPool.addResourceServer(
                "Orders",
                UserPoolResourceServerOptions.builder()
                        .identifier("orders")
                        .scopes(List.of(ship))
                        .build());
        var ingest = ResourceServerScope.Builder.create()
                .scopeName("ingest")
                .scopeDescription("post activity events for any user")
                .build();
        var operations = ResourceServerScope.Builder.create()
                .scopeName("operations")
                .scopeDescription("read every user's activity and the users active on a day")
                .build();
        var analytics = userPool.addResourceServer(
                "Analytics",
                UserPoolResourceServerOptions.builder()
                        .identifier("analytics")
                        .scopes(List.of(ingest, operations))
                        .build());
        userPool.addDomain(
                "TokenEndpoint",
                UserPoolDomainOptions.builder()
                        .cognitoDomain(CognitoDomainOptions.builder()
                                .domainPrefix(settings.names().physical("auth") + "-" + getAccount())
                                .build())
                        .build());
        machineClient = userPool.addClient(
                "MachineCallers",
                UserPoolClientOptions.builder()
                        .userPoolClientName(settings.names().physical("machine-callers"))
                        .generateSecret(true)
                        .authFlows(AuthFlow.builder().build())
                        .oAuth(OAuthSettings.builder()
                                .flows(OAuthFlows.builder()
                                        .clientCredentials(true)
                                        .build())
                                .scopes(List.of(
                                        OAuthScope.resourceServer(orders, ship),
                                        OAuthScope.resourceServer(analytics, ingest),
                                        OAuthScope.resourceServer(analytics, operations)))
                                .build())
                        .accessTokenValidity(Duration.hours(1))
                        .build());
    }

    /** The app clients whose access tokens the services accept, as {@code COGNITO_APP_CLIENT_ID}. */
    public String acceptedClientIds() {
        return orderApiClient.getUserPoolClientId() + "," + machineClient.getUserPoolClientId();
    }

    /** The {@code iss} claim of the pool's tokens, what Spring Security's resource server checks. */
    public String issuerUri() {
        return "https://cognito-idp." + getRegion() + ".amazonaws.com/" + userPool.getUserPoolId();
    }

    public UserPool userPool() {
        return userPool;
    }

    public UserPoolClient orderApiClient() {
        return orderApiClient;
    }
}

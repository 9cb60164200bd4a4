package dev.awsref.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.constructs.Construct;

/**
 * A Cognito user pool and an app client for the order API. order-service validates the pool's
 * JWTs (issuer and audience come from this stack as environment properties); nobody signs up by
 * themselves, users are invited.
 */
public class AuthStack extends Stack {

    private final UserPool userPool;
    private final UserPoolClient orderApiClient;

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
                software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
                        .userPoolClientName(settings.names().physical("order-api"))
                        .generateSecret(false)
                        .authFlows(AuthFlow.builder().userSrp(true).build())
                        .accessTokenValidity(Duration.hours(1))
                        .idTokenValidity(Duration.hours(1))
                        .refreshTokenValidity(Duration.days(30))
                        .preventUserExistenceErrors(true)
                        .build());
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

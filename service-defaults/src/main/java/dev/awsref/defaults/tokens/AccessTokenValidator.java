package dev.awsref.defaults.tokens;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * What Spring Security's default JWT checks (signature, issuer, expiry) leave open for a Cognito
 * user pool: the pool issues ID tokens as well as access tokens, with the same issuer and key, and
 * issues tokens to every app client of the pool. An API accepts only access tokens
 * ({@code token_use = access}) issued to one of its app clients ({@code client_id}; Cognito access
 * tokens carry no {@code aud}, ID tokens carry the client in {@code aud} and are refused here anyway).
 *
 * <p>AWS's guide to verifying Cognito JWTs asks for exactly these two checks besides signature,
 * issuer and expiry: https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html
 */
public final class AccessTokenValidator implements OAuth2TokenValidator<Jwt> {

    static final String TOKEN_USE = "token_use";
    static final String CLIENT_ID = "client_id";

    private final Set<String> clientIds;

    public AccessTokenValidator(Collection<String> clientIds) {
        this.clientIds = Set.copyOf(clientIds.stream()
                .map(String::strip)
                .filter(id -> !id.isEmpty())
                .toList());
        if (this.clientIds.isEmpty()) {
            throw new IllegalStateException("app.security.tokens.client-ids (COGNITO_APP_CLIENT_ID) must name the app"
                    + " client(s) whose access tokens this API accepts");
        }
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        if (!"access".equals(token.getClaimAsString(TOKEN_USE))) {
            return refused("the token is not an access token (token_use must be 'access')");
        }
        String client = token.getClaimAsString(CLIENT_ID);
        if (client == null || !clientIds.contains(client)) {
            return refused("the token was not issued to an app client of this API (client_id)");
        }
        return OAuth2TokenValidatorResult.success();
    }

    /** The accepted app clients, for logs and tests. */
    public List<String> clientIds() {
        return clientIds.stream().sorted().toList();
    }

    private static OAuth2TokenValidatorResult refused(String why) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, why, null));
    }
}

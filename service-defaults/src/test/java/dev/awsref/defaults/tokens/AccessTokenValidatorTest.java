package dev.awsref.defaults.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class AccessTokenValidatorTest {

    private final AccessTokenValidator validator = new AccessTokenValidator(List.of("api-client", " second "));

    @Test
    void anAccessTokenOfAnAcceptedClientPasses() {
        assertThat(validator
                        .validate(token(Map.of("token_use", "access", "client_id", "api-client")))
                        .hasErrors())
                .isFalse();
        assertThat(validator
                        .validate(token(Map.of("token_use", "access", "client_id", "second")))
                        .hasErrors())
                .isFalse();
    }

    @Test
    void anIdTokenIsRefusedEvenForAnAcceptedClient() {
        var result = validator.validate(token(Map.of("token_use", "id", "aud", "api-client")));
        assertThat(result.hasErrors()).isTrue();
        assertThat(result.getErrors().iterator().next().getDescription()).contains("token_use");
    }

    @Test
    void anAccessTokenOfAnotherAppClientIsRefused() {
        var result = validator.validate(token(Map.of("token_use", "access", "client_id", "someone-else")));
        assertThat(result.getErrors().iterator().next().getDescription()).contains("client_id");
    }

    @Test
    void aTokenThatSaysNeitherIsRefused() {
        assertThat(validator.validate(token(Map.of("scope", "x"))).hasErrors()).isTrue();
    }

    @Test
    void noAcceptedClientIsAConfigurationErrorAtStartUpNotAnOpenDoor() {
        assertThatThrownBy(() -> new AccessTokenValidator(List.of(" ")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("COGNITO_APP_CLIENT_ID");
    }

    private static Jwt token(Map<String, Object> claims) {
        var jwt = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject("alice")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(jwt::claim);
        return jwt.build();
    }
}

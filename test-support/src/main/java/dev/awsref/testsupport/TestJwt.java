package dev.awsref.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * A test token issuer shaped like a Cognito user pool: its own RSA key, issuer {@value #ISSUER},
 * access tokens for the app client {@value #CLIENT_ID} ({@code token_use=access}, {@code
 * client_id}, {@code scope}), and, to prove they are refused, ID tokens, tokens of another app
 * client and tokens signed by a key nobody trusts. The application trusts it through the {@link
 * Config} decoder, which checks what Boot's decoder for the Cognito issuer checks: signature,
 * expiry, issuer, and every validator bean the application declares.
 */
public final class TestJwt {

    public static final String ISSUER = "https://issuer.test/awsref";
    /** The app client the services under test accept. */
    public static final String CLIENT_ID = "test-api-client";
    /** Accepts {@link #CLIENT_ID}'s tokens: for {@code @SpringBootTest(properties = ...)}. */
    public static final String ACCEPTED_CLIENTS = "app.security.tokens.client-ids=" + CLIENT_ID;

    private static final KeyPair TRUSTED = generate();
    private static final KeyPair FORGER = generate();

    private TestJwt() {}

    /** An access token of the API's app client for {@code subject}, with these scopes. */
    public static String token(String subject, String... scopes) {
        return sign(
                TRUSTED,
                claims(subject, Instant.now().plus(Duration.ofMinutes(10)), scopes)
                        .claim("token_use", "access")
                        .claim("client_id", CLIENT_ID));
    }

    public static String expired(String subject) {
        return sign(
                TRUSTED,
                claims(subject, Instant.now().minus(Duration.ofMinutes(10)))
                        .claim("token_use", "access")
                        .claim("client_id", CLIENT_ID));
    }

    /** Same claims, signed with a key the application does not trust. */
    public static String forged(String subject) {
        return sign(
                FORGER,
                claims(subject, Instant.now().plus(Duration.ofMinutes(10)))
                        .claim("token_use", "access")
                        .claim("client_id", CLIENT_ID));
    }

    /** An ID token of the same pool and client, as Cognito issues one: {@code aud} is the client. */
    public static String idToken(String subject) {
        return sign(
                TRUSTED,
                claims(subject, Instant.now().plus(Duration.ofMinutes(10)))
                        .claim("token_use", "id")
                        .audience(CLIENT_ID));
    }

    /** An access token the same pool issued to another app client. */
    public static String otherClient(String subject, String... scopes) {
        return sign(
                TRUSTED,
                claims(subject, Instant.now().plus(Duration.ofMinutes(10)), scopes)
                        .claim("token_use", "access")
                        .claim("client_id", "some-other-app-client"));
    }

    /** A token of the trusted issuer and key that says neither what it is nor whom it is for. */
    public static String bare(String subject, String... scopes) {
        return sign(TRUSTED, claims(subject, Instant.now().plus(Duration.ofMinutes(10)), scopes));
    }

    private static JWTClaimsSet.Builder claims(String subject, Instant expiry, String... scopes) {
        var claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .issueTime(Date.from(expiry.minus(Duration.ofMinutes(20))))
                .expirationTime(Date.from(expiry));
        if (scopes.length > 0) {
            claims.claim("scope", String.join(" ", scopes));
        }
        return claims;
    }

    private static String sign(KeyPair key, JWTClaimsSet.Builder claims) {
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        try {
            jwt.sign(new RSASSASigner(key.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair generate() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trust the test issuer's key instead of fetching Cognito's, with the application's own validators. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        JwtDecoder testIssuerDecoder(ObjectProvider<OAuth2TokenValidator<Jwt>> applicationValidators) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) TRUSTED.getPublic())
                    .build();
            List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
            validators.add(JwtValidators.createDefaultWithIssuer(ISSUER));
            applicationValidators.orderedStream().forEach(validators::add);
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
            return decoder;
        }
    }
}

package dev.awsref.order.support;

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
import java.util.Date;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * A test token issuer: its own RSA key, issuer {@value #ISSUER}. The application trusts it through
 * the {@link Config} decoder, which checks signature, expiry and issuer as Boot's would for the
 * Cognito issuer in AWS.
 */
public final class TestJwt {

    public static final String ISSUER = "https://issuer.test/awsref";

    private static final KeyPair TRUSTED = generate();
    private static final KeyPair FORGER = generate();

    private TestJwt() {}

    public static String token(String subject, String... scopes) {
        return sign(TRUSTED, subject, Instant.now().plus(Duration.ofMinutes(10)), scopes);
    }

    public static String expired(String subject) {
        return sign(TRUSTED, subject, Instant.now().minus(Duration.ofMinutes(10)));
    }

    /** Same claims, signed with a key the application does not trust. */
    public static String forged(String subject) {
        return sign(FORGER, subject, Instant.now().plus(Duration.ofMinutes(10)));
    }

    private static String sign(KeyPair key, String subject, Instant expiry, String... scopes) {
        var claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .issueTime(Date.from(expiry.minus(Duration.ofMinutes(20))))
                .expirationTime(Date.from(expiry));
        if (scopes.length > 0) {
            claims.claim("scope", String.join(" ", scopes));
        }
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

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        JwtDecoder testIssuerDecoder() {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) TRUSTED.getPublic())
                    .build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
            return decoder;
        }
    }
}

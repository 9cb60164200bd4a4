package dev.awsref.defaults.tokens;

import dev.awsref.defaults.web.ProblemResponses;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The API's security for every service whose model entry says it validates tokens
 * ({@code ServiceSpec.validatesTokens()}): one JWT resource server, configured once.
 *
 * <ul>
 *   <li>Outside the {@code local} profile every {@code /api/**} call needs a bearer token from the
 *       issuer in {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (the Cognito user
 *       pool on AWS): signature, issuer and expiry (Spring Security), and an access token of one of
 *       the API's app clients ({@link AccessTokenValidator}, {@code app.security.tokens.client-ids},
 *       which the CDK app sets as {@code COGNITO_APP_CLIENT_ID}). The service adds its own rules
 *       (scopes, ownership) as an {@link ApiAuthorization} bean.
 *   <li>401 and 403 are problem details, with the {@code WWW-Authenticate} header RFC 6750 asks for.
 *   <li>Filters a service declares as {@link AuthenticatedApiFilter} beans (a rate limit) run after
 *       authentication, so they see who is calling.
 *   <li>The {@code local} profile lets anyone in and says so at start-up.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
// By name: a service without the resource server (notification-service) must never load this class,
// whose signatures name its types. Loaded anyway, it fails verification, and a JDK 25 AOT cache with
// class linking that recorded the failure crashed every start (docs/startup-and-memory.md).
@ConditionalOnClass(
        name = "org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter")
@Conditional(ValidatesTokens.class)
public class TokenSecurityConfiguration {

    private static final String[] OPEN = {
        "/livez", "/readyz", "/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html", "/error"
    };

    /** Boot adds every {@code OAuth2TokenValidator<Jwt>} bean to the decoder it builds from the issuer. */
    @Bean
    @Profile("!local")
    OAuth2TokenValidator<Jwt> accessTokenValidator(
            @Value("${app.security.tokens.client-ids:}") List<String> clientIds) {
        return new AccessTokenValidator(clientIds);
    }

    @Bean
    @Profile("!local")
    SecurityFilterChain tokenRequired(
            HttpSecurity http, ObjectProvider<ApiAuthorization> rules, ObjectProvider<AuthenticatedApiFilter> filters)
            throws Exception {
        AuthenticationEntryPoint unauthorized = unauthorized();
        AccessDeniedHandler forbidden = forbidden();
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> {
                    auth.requestMatchers(OPEN).permitAll();
                    rules.ifAvailable(service -> service.rules(auth));
                    auth.requestMatchers("/api/**").authenticated().anyRequest().denyAll();
                })
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> {})
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
        filters.orderedStream().forEach(filter -> http.addFilterAfter(filter, BearerTokenAuthenticationFilter.class));
        return http.build();
    }

    @Bean
    @Profile("local")
    SecurityFilterChain localOpen(HttpSecurity http, ObjectProvider<AuthenticatedApiFilter> filters) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        filters.orderedStream().forEach(filter -> http.addFilterAfter(filter, AnonymousAuthenticationFilter.class));
        return http.build();
    }

    private static AuthenticationEntryPoint unauthorized() {
        var bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, failure) -> {
            bearer.commence(request, response, failure); // sets WWW-Authenticate, with the reason
            write(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "unauthorized",
                    "Unauthorized",
                    "A valid bearer access token is required");
        };
    }

    private static AccessDeniedHandler forbidden() {
        var bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, failure) -> {
            bearer.handle(request, response, failure);
            write(
                    response,
                    HttpStatus.FORBIDDEN,
                    "forbidden",
                    "Forbidden",
                    "The token does not allow this request (scope or owner)");
        };
    }

    private static void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
            throws IOException {
        ProblemResponses.write(response, ProblemResponses.problem(status, type, title, detail));
    }

    @Configuration(proxyBeanMethods = false)
    @Profile("local")
    static class LocalWarning {

        private static final Logger log = LoggerFactory.getLogger(TokenSecurityConfiguration.class);

        @Value("${spring.application.name}")
        String service;

        @EventListener(ApplicationReadyEvent.class)
        void warn() {
            log.warn("""

                    ************************************************************************
                    * SECURITY IS OFF: profile 'local' lets anyone call {}'s /api/**
                    * with no token, as any user and with every scope. Never run this
                    * profile on AWS.
                    ************************************************************************""", service);
        }
    }
}

package dev.awsref.analytics;

import dev.awsref.defaults.tokens.ApiAuthorization;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may call the analytics API, on top of the token security every token-validating service
 * shares (service-defaults' {@code TokenSecurityConfiguration}: a bearer access token of the API's
 * app client outside the {@code local} profile). Scopes are Cognito resource-server scopes.
 *
 * <ul>
 *   <li>{@code POST /api/activity} needs {@value #INGEST}: activity is written for any user by a
 *       trusted client (the shop's front end), never by a user for themselves;
 *   <li>{@code /api/users/{userId}/**} is a user's own activity: the token's subject must be that
 *       user, or the token carries {@value #OPERATIONS};
 *   <li>{@code /api/days/**} (everyone active on a day) needs {@value #OPERATIONS};
 *   <li>the rest (leaderboards, the active-user count, nobody in particular) any valid token.
 * </ul>
 *
 * The operations endpoints on the management port (reshard, replay) are guarded by the service
 * defaults' operations security, which runs before this chain.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String INGEST = "analytics/ingest";
    static final String OPERATIONS = "analytics/operations";

    @Bean
    ApiAuthorization analyticsRules() {
        return api -> api.requestMatchers(HttpMethod.POST, "/api/activity")
                .hasAuthority("SCOPE_" + INGEST)
                .requestMatchers("/api/users/{userId}", "/api/users/{userId}/**")
                .access(ownerOrOperations())
                .requestMatchers("/api/days/**")
                .hasAuthority("SCOPE_" + OPERATIONS);
    }

    /** The path's user is the token's subject, or the token may read anyone's activity. */
    private static AuthorizationManager<RequestAuthorizationContext> ownerOrOperations() {
        return (Supplier<? extends Authentication> authentication, RequestAuthorizationContext request) -> {
            Authentication caller = authentication.get();
            if (caller == null || !caller.isAuthenticated()) {
                return new AuthorizationDecision(false);
            }
            boolean operations =
                    caller.getAuthorities().stream().anyMatch(a -> ("SCOPE_" + OPERATIONS).equals(a.getAuthority()));
            String user = request.getVariables().get("userId");
            return new AuthorizationDecision(operations || (user != null && user.equals(caller.getName())));
        };
    }
}

package dev.awsref.defaults.tokens;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's own rules for {@code /api/**}, for example which scope a path needs. Whatever the
 * rules leave unmatched under {@code /api/**} needs an authenticated token; paths outside it and
 * outside the open ones (probes, API docs) are denied.
 */
@FunctionalInterface
public interface ApiAuthorization {

    void rules(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry api);

    /** No rules of its own: every {@code /api/**} call needs a valid token, nothing more. */
    static ApiAuthorization anyAuthenticated() {
        return api -> {};
    }
}

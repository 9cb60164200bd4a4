package dev.awsref.defaults.tokens;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who is calling, as rate limits key it: never a value the client chooses itself. */
public final class ApiCallers {

    private ApiCallers() {}

    /**
     * {@code sub:<subject>} of the verified token, or {@code ip:<address>} of the connection when
     * the request carries none (the local profile). A header such as {@code X-Client-Id} is never
     * used: any client could pick a fresh one for every request and never be limited.
     */
    public static String rateLimitKey(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            return "sub:" + jwt.getToken().getSubject();
        }
        return "ip:" + request.getRemoteAddr();
    }
}

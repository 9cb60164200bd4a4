package dev.awsref.order.security;

import dev.awsref.order.ordering.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/** Turns the authenticated principal into the domain's {@link Caller}. */
@Component
public class Callers {

    /** The scope a warehouse client needs to ship (Cognito resource-server scope {@code orders/ship}). */
    public static final String SHIP_AUTHORITY = "SCOPE_orders/ship";

    public Caller current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            boolean mayShip = jwt.getAuthorities().stream().anyMatch(a -> SHIP_AUTHORITY.equals(a.getAuthority()));
            return Caller.customer(jwt.getToken().getSubject(), mayShip);
        }
        // Only reachable when the local profile switched authentication off.
        return Caller.unrestricted();
    }
}

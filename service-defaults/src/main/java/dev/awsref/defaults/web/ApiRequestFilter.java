package dev.awsref.defaults.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter of a service's API alone: requests under {@code /api/}. The probes, the SNS HTTP
 * endpoint and the error pages are left alone, so a limit on the API never takes a service out of
 * its load balancer.
 */
public abstract class ApiRequestFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }
}

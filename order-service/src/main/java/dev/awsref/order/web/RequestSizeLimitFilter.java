package dev.awsref.order.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code app.api.max-request-size} (1 MB) before reading them, with a
 * 413 problem detail. A client that sends {@code Expect: 100-continue} never uploads the body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    public RequestSizeLimitFilter(@Value("${app.api.max-request-size:1MB}") DataSize maxSize) {
        this.maxBytes = maxSize.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            Problems.write(
                    response,
                    ProblemDetailsAdvice.problem(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "request-too-large",
                            "Request body too large",
                            "The body has " + request.getContentLengthLong() + " bytes; at most " + maxBytes
                                    + " are accepted"));
            return;
        }
        chain.doFilter(request, response);
    }
}

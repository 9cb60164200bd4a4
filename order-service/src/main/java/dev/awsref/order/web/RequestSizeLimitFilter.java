package dev.awsref.order.web;

import dev.awsref.defaults.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
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
 * Refuses request bodies over {@code app.api.max-request-size} (1 MB) with a 413 problem detail:
 * before reading them when they declare a Content-Length (a client that sends {@code Expect:
 * 100-continue} then never uploads the body), while reading them when they are chunked.
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
            ProblemResponses.write(
                    response,
                    ProblemDetailsAdvice.problem(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "request-too-large",
                            "Request body too large",
                            "The body has " + request.getContentLengthLong() + " bytes; at most " + maxBytes
                                    + " are accepted"));
            return;
        }
        if (request.getContentLengthLong() < 0) {
            // Chunked: no length up front, so count while the body is read.
            chain.doFilter(new LimitedRequest(request, maxBytes), response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Thrown while reading a chunked body that grows past the limit; answered with 413. */
    public static class BodyTooLargeException extends IOException {
        BodyTooLargeException(long maxBytes) {
            super("the body exceeds " + maxBytes + " bytes");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream limited;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (limited == null) {
                ServletInputStream in = super.getInputStream();
                limited = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++read > maxBytes) {
                            throw new BodyTooLargeException(maxBytes);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0 && (read += n) > maxBytes) {
                            throw new BodyTooLargeException(maxBytes);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return limited;
        }
    }
}

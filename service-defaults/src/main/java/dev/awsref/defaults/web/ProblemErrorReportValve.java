package dev.awsref.defaults.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's own error answer, for what it refuses before any application code runs (a path with
 * an encoded NUL, {@code %2F} or {@code ..}, a malformed request line): a problem detail instead of
 * Tomcat's HTML page, which also named the server's version. A 400 names the request's
 * {@code path} as the field at fault. Answers the application wrote itself pass through unchanged.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        HttpStatus httpStatus = known == null ? HttpStatus.BAD_REQUEST : known;
        ProblemDetail problem = ProblemResponses.problem(
                httpStatus,
                ProblemResponses.typeFor(httpStatus),
                httpStatus.getReasonPhrase(),
                "The server refused the request before reading it");
        if (status == 400) {
            problem.setProperty(
                    "errors", List.of(Map.of("field", "path", "reason", "is not a valid request path or line")));
        }
        try {
            response.reset();
            response.setStatus(status);
            ProblemResponses.write(response, problem);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response is committed: nothing more can be said.
        }
    }
}

package dev.awsref.defaults.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The answer to every request that ends in the servlet container's error page instead of a
 * controller: what Spring Security's firewall refuses (a path with {@code ;}, {@code ..} or an
 * encoded slash), a method Tomcat refuses (TRACE), anything that called {@code sendError}. A problem
 * detail, like every other answer of the API, instead of Boot's own error JSON; a 400 names the
 * request's {@code path}. Replaces Boot's {@code BasicErrorController}.
 */
@Controller
@RequestMapping("${server.error.path:/error}")
public class ProblemErrorController implements ErrorController {

    @RequestMapping(produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus known = code instanceof Integer status ? HttpStatus.resolve(status) : null;
        HttpStatus status = known == null || known.value() < 400 ? HttpStatus.INTERNAL_SERVER_ERROR : known;
        ProblemDetail problem = ProblemResponses.problem(
                status,
                ProblemResponses.typeFor(status),
                status.getReasonPhrase(),
                status.is5xxServerError()
                        ? "The server could not answer this request"
                        : "The request was refused before it reached the API");
        if (status == HttpStatus.BAD_REQUEST) {
            problem.setProperty("errors", List.of(Map.of("field", "path", "reason", "is not a path this API accepts")));
        }
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}

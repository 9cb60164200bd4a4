package dev.awsref.defaults.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 problem details for the services' APIs: one type namespace, and one way to write a
 * problem from a servlet filter, where no message converter runs. The JSON is written by Jackson,
 * so any text (a client's header echoed in a detail, a control character, a quote) is escaped as
 * JSON requires.
 */
public final class ProblemResponses {

    /** The base of every problem {@code type} the services answer with. */
    public static final String TYPE_BASE = "https://github.com/awsref/problems/";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {}

    /** A problem of type {@code TYPE_BASE + type}. */
    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    /** Writes the problem as the whole response, with its status and {@code application/problem+json}. */
    public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(asMap(problem)));
    }

    /** The members RFC 9457 names, then the extension members, as a message converter would write them. */
    static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", problem.getType().toString());
        if (problem.getTitle() != null) {
            members.put("title", problem.getTitle());
        }
        members.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            members.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            members.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(members::putIfAbsent);
        }
        return members;
    }

    /** What a client needs when the status is all Spring knew: the status's own phrase, as a type. */
    public static String typeFor(HttpStatus status) {
        return status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    }
}

package dev.awsref.defaults.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class ProblemResponsesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aDetailWithControlCharactersQuotesAndBackslashesIsWrittenAsValidJson() throws Exception {
        String detail = "line one\nline two\ttab \u0000 nul \u001b[31m \"quoted\" back\\slash \u2028";
        var response = new MockHttpServletResponse();

        ProblemResponses.write(response, ProblemResponses.problem(HttpStatus.BAD_REQUEST, "x", "Title", detail));

        var json = JSON.readTree(response.getContentAsString());
        assertThat(json.get("detail").asString()).isEqualTo(detail);
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
    }

    @Test
    void theTypeStatusAndExtensionMembersAreWrittenLikeTheMessageConverterWritesThem() throws Exception {
        var problem = ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many", "wait");
        problem.setProperty("errors", List.of(Map.of("field", "a", "reason", "b")));
        var response = new MockHttpServletResponse();

        ProblemResponses.write(response, problem);

        var json = JSON.readTree(response.getContentAsString());
        assertThat(json.get("type").asString()).isEqualTo(ProblemResponses.TYPE_BASE + "rate-limited");
        assertThat(json.get("status").asInt()).isEqualTo(429);
        assertThat(json.get("errors").get(0).get("field").asString()).isEqualTo("a");
    }
}

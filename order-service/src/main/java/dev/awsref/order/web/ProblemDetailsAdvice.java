package dev.awsref.order.web;

import dev.awsref.order.ordering.ForbiddenException;
import dev.awsref.order.ordering.IdempotencyKeyReusedException;
import dev.awsref.order.ordering.IllegalTransitionException;
import dev.awsref.order.ordering.InvalidFieldException;
import dev.awsref.order.ordering.OrderNotFoundException;
import dev.awsref.order.outbox.EventTooLargeException;
import java.net.URI;
import java.util.List;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem detail. Validation problems name each bad field in
 * {@code errors[].field}; nothing carries a stack trace.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    static final String TYPE_BASE = "https://github.com/awsref/problems/";

    /** One bad field and why. */
    public record FieldError(String field, String reason) {}

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldError(
                                result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(invalid(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex.getMostSpecificCause() instanceof RequestSizeLimitFilter.BodyTooLargeException tooLarge) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(problem(
                            HttpStatus.CONTENT_TOO_LARGE,
                            "request-too-large",
                            "Request body too large",
                            "The body exceeds the limit: " + tooLarge.getMessage()));
        }
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "Malformed request body",
                "The body is not JSON of the expected shape: "
                        + firstLine(ex.getMostSpecificCause().getMessage()));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException ex) {
        return invalid(List.of(new FieldError(ex.field(), ex.getMessage())));
    }

    @ExceptionHandler(OrderNotFoundException.class)
    ProblemDetail notFound(OrderNotFoundException ex) {
        return problem(HttpStatus.NOT_FOUND, "order-not-found", "Order not found", ex.getMessage());
    }

    @ExceptionHandler(IllegalTransitionException.class)
    ProblemDetail illegalTransition(IllegalTransitionException ex) {
        ProblemDetail problem =
                problem(HttpStatus.CONFLICT, "illegal-transition", "Illegal state transition", ex.getMessage());
        problem.setProperty("currentStatus", ex.from());
        problem.setProperty("requestedStatus", ex.to());
        problem.setProperty("allowed", ex.from().next());
        return problem;
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ProblemDetail concurrentChange(OptimisticLockingFailureException ex) {
        return problem(
                HttpStatus.CONFLICT, "concurrent-change", "Changed concurrently", "The order changed meanwhile; retry");
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ProblemDetail reusedKey(IdempotencyKeyReusedException ex) {
        return problem(
                HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused", ex.getMessage());
    }

    @ExceptionHandler(EventTooLargeException.class)
    ProblemDetail tooLarge(EventTooLargeException ex) {
        ProblemDetail problem =
                problem(HttpStatus.CONTENT_TOO_LARGE, "event-too-large", "Order too large to publish", ex.getMessage());
        problem.setProperty("eventBytes", ex.bytes());
        return problem;
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException ex) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", ex.getMessage());
    }

    private static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                errors.size() == 1
                        ? "1 field is invalid: " + errors.getFirst().field()
                        : errors.size() + " fields are invalid");
        problem.setProperty("errors", errors);
        return problem;
    }

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse(message);
        // Jackson names our classes in some messages; clients need the field, not the class.
        return line.replaceAll("`?dev\\.awsref\\.[\\w.$]+`?", "the request").replaceAll("\\s*at \\[Source.*", "");
    }
}

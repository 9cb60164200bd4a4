package dev.awsref.order.web;

import dev.awsref.defaults.web.ApiExceptionHandler;
import dev.awsref.defaults.web.ProblemResponses;
import dev.awsref.order.ordering.ForbiddenException;
import dev.awsref.order.ordering.IdempotencyKeyReusedException;
import dev.awsref.order.ordering.IllegalTransitionException;
import dev.awsref.order.ordering.InvalidFieldException;
import dev.awsref.order.ordering.OrderNotFoundException;
import dev.awsref.order.outbox.EventTooLargeException;
import java.util.List;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * The order API's problem details: what Spring MVC refuses, as every service answers it
 * ({@link ApiExceptionHandler}: the bad field in {@code errors[].field}, no Java types), plus the
 * domain's own refusals (not found, illegal transition, reused idempotency key, too large to
 * publish, forbidden).
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ApiExceptionHandler {

    static final String TYPE_BASE = ProblemResponses.TYPE_BASE;

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
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
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

    public static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        return ProblemResponses.problem(status, type, title, detail);
    }
}

package dev.awsref.defaults.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedRuntimeException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * What every service's API answers when Spring MVC refuses a request, as an RFC 9457 problem
 * detail of our own type namespace. A request the client can fix names each bad field in {@code
 * errors[].field} (a JSON path such as {@code lines[0].quantity}, a parameter, a header, or {@code
 * body}); nothing carries a stack trace, a Java type or the parser's own message. Spring's own
 * answers (405, 404 of an unknown path, 406) get our type instead of {@code about:blank}. A
 * database that cannot be reached is a 503 with a {@code Retry-After}, not a 500: the client did
 * nothing wrong and the same request can succeed a few seconds later.
 *
 * <p>A service extends it with a {@code @RestControllerAdvice} and adds its own exceptions.
 */
public abstract class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    /**
     * How long a client should wait before retrying when the database cannot be reached: about one
     * connection timeout of the services' pools (Hikari's {@code connection-timeout}, 5 s), so a
     * retry gets a fresh attempt at a connection rather than queueing behind the failing ones.
     */
    public static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** One bad field and why. */
    public record FieldError(String field, String reason) {}

    /**
     * The database cannot be reached: no connection within the pool's timeout (the transaction
     * could not begin, so nothing was written), or the connection broke during the request (the
     * transaction rolls back). Hikari keeps trying in the background, so the service recovers by
     * itself once the database is back; a POST retried with the same Idempotency-Key then takes
     * effect once. Spring translates both the JDBC and the Redis driver's connection failures to
     * these types.
     */
    @ExceptionHandler({
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        TransientDataAccessResourceException.class
    })
    protected ResponseEntity<Object> databaseUnavailable(NestedRuntimeException ex) {
        if (poolBusy(ex)) {
            return overloaded();
        }
        log.warn("Answering 503: the database cannot be reached: {}", ex.getMostSpecificCause());
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "database-unavailable",
                "Database unavailable",
                "The service cannot reach its database just now; retry after the time in Retry-After"
                        + " (a POST with the same Idempotency-Key takes effect once)");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(DATABASE_RETRY_AFTER.toSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * Hikari found no free connection within its timeout, and the pool's connections are fine: the
     * service has more work than its pool serves. Hikari's timeout exception carries the last
     * failure to connect as its cause, so one without a cause is a busy pool, not a database that
     * cannot be reached. The client did nothing wrong and the database is up, so the answer is the
     * one {@link InFlightLimitFilter} gives: overloaded, retry soon.
     */
    private static boolean poolBusy(NestedRuntimeException ex) {
        return ex.getMostSpecificCause() instanceof SQLTransientConnectionException timeout
                && timeout.getCause() == null;
    }

    private static ResponseEntity<Object> overloaded() {
        log.warn("Answering 503: no database connection came free within the pool's timeout");
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "overloaded",
                "Service overloaded",
                "Every database connection stayed busy for the pool's timeout; retry after the time in"
                        + " Retry-After (a POST with the same Idempotency-Key takes effect once)");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(InFlightLimitFilter.RETRY_AFTER.toSeconds()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * The connection broke in the middle of a transaction, so the rollback that follows fails too,
     * and Spring reports the failed rollback ({@code JDBC rollback failed}: Hikari's {@code
     * Connection is closed}, SQLState 08003) in place of the I/O error that caused it. PostgreSQL
     * discards a transaction whose connection is gone, so nothing was written: the same 503 as
     * above. Any other failure of the transaction machinery is ours and stays a 500.
     */
    @ExceptionHandler(TransactionSystemException.class)
    protected ResponseEntity<Object> transactionLostItsConnection(TransactionSystemException ex)
            throws TransactionSystemException {
        if (ex.getApplicationException() instanceof DataAccessResourceFailureException
                || ex.getApplicationException() instanceof TransientDataAccessResourceException
                || isConnectionFailure(ex.getMostSpecificCause())) {
            return databaseUnavailable(ex);
        }
        // Rethrowing the exception handled hands it to the next resolver: Boot's 500 problem.
        throw ex;
    }

    /** SQLState class 08 is "connection exception" in SQL:2011; the JDBC drivers and Hikari use it. */
    private static boolean isConnectionFailure(Throwable cause) {
        return cause instanceof SQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().startsWith("08");
    }

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

    /** A path variable or query parameter that does not convert: {@code /api/orders/not-a-uuid}. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
        return ResponseEntity.badRequest()
                .body(invalid(List.of(new FieldError(name, "must be " + describe(ex.getRequiredType())))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(ex.getParameterName(), "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        if (ex.getCause() == null) {
            // Spring's own message here names the handler method's Java signature.
            return ResponseEntity.badRequest().body(malformed("body", "The request body is missing"));
        }
        boolean syntax = cause instanceof StreamReadException && !(cause instanceof InputCoercionException);
        if (cause instanceof JacksonException json && !syntax && !json.getPath().isEmpty()) {
            // Valid JSON, but a value this request cannot take: the field and what it must be.
            return ResponseEntity.badRequest()
                    .body(invalid(List.of(new FieldError(jsonPath(json.getPath()), reason(json)))));
        }
        if (cause instanceof StreamReadException json && json.getLocation() != null) {
            return ResponseEntity.badRequest()
                    .body(malformed(
                            jsonPath(json.getPath()),
                            "The body is not valid JSON (line "
                                    + json.getLocation().getLineNr() + ", column "
                                    + json.getLocation().getColumnNr() + ")"));
        }
        return ResponseEntity.badRequest().body(malformed("body", "The body is not JSON of the expected shape"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                "The body must be sent as application/json");
        problem.setProperty("errors", List.of(new FieldError(HttpHeaders.CONTENT_TYPE, "must be application/json")));
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || URI.create("about:blank").equals(problem.getType()))) {
            HttpStatus status = HttpStatus.resolve(statusCode.value());
            if (status != null) {
                problem.setType(URI.create(ProblemResponses.TYPE_BASE + ProblemResponses.typeFor(status)));
            }
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** A 400 naming each bad field. */
    protected static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem = ProblemResponses.problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "Invalid request",
                errors.size() == 1
                        ? "1 field is invalid: " + errors.getFirst().field()
                        : errors.size() + " fields are invalid");
        problem.setProperty("errors", errors);
        return problem;
    }

    /** The body cannot be read as JSON: the field at fault is where the parser stopped, or the body. */
    protected static ProblemDetail malformed(String field, String detail) {
        ProblemDetail problem =
                ProblemResponses.problem(HttpStatus.BAD_REQUEST, "malformed-request", "Malformed request body", detail);
        problem.setProperty("errors", List.of(new FieldError(field, detail)));
        return problem;
    }

    /** A Jackson reference chain as a client reads it: {@code lines[0].quantity}. */
    static String jsonPath(List<JacksonException.Reference> path) {
        var text = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!text.isEmpty()) {
                    text.append('.');
                }
                text.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                text.append('[').append(reference.getIndex()).append(']');
            }
        }
        return text.isEmpty() ? "body" : text.toString();
    }

    /** Why Jackson refused a value, in the client's terms (never its message, which names Java types). */
    private static String reason(JacksonException json) {
        if (json instanceof UnrecognizedPropertyException) {
            return "is not a field of this request";
        }
        if (json instanceof InputCoercionException) {
            return "is out of range";
        }
        if (json instanceof MismatchedInputException mismatch) {
            return "must be " + describe(mismatch.getTargetType());
        }
        return "has a value of the wrong type";
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type == int.class
                || type == Integer.class
                || type == long.class
                || type == Long.class
                || type == BigInteger.class) {
            return "a whole number";
        }
        if (type == BigDecimal.class || type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (type == Duration.class) {
            return "an ISO-8601 duration such as PT15M";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}

package dev.awsref.notification.snshttp;

import dev.awsref.defaults.web.ApiExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * What the SNS endpoint answers when Spring MVC refuses a delivery before the endpoint sees it (a
 * missing body, say): the services' problem details, naming the field, like every other refusal of
 * {@link SnsHttpEndpoint}. Only for that endpoint, so the service's other controllers keep theirs.
 */
@RestControllerAdvice(assignableTypes = SnsHttpEndpoint.class)
class SnsHttpProblems extends ApiExceptionHandler {}

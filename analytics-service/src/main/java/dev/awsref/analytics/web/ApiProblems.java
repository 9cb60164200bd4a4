package dev.awsref.analytics.web;

import dev.awsref.defaults.web.ApiExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The analytics API's problem details for what Spring MVC refuses (a parameter that does not
 * convert or breaks a constraint, a wrong method, an unknown path), as every service answers them.
 * The ingest endpoint answers its own problems, entry by entry.
 */
@RestControllerAdvice
class ApiProblems extends ApiExceptionHandler {}

package dev.awsref.defaults.tokens;

import dev.awsref.defaults.web.ApiRequestFilter;

/**
 * A filter of a service's API ({@code /api/**}) that needs to know who is calling (a rate limit
 * keyed on the principal): the token security puts every such bean into its chain right after
 * authentication. Register it with a disabled {@code FilterRegistrationBean} so it does not also
 * run as a plain servlet filter.
 */
public abstract class AuthenticatedApiFilter extends ApiRequestFilter {}

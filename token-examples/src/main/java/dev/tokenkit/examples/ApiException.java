package dev.tokenkit.examples;

import dev.tokenkit.core.RateDecision;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** An HTTP error answer: status, a short error code, a message and the offending field if any. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final String error;
  final @Nullable String field;
  final @Nullable String wwwAuthenticate;

  /** The methods a 405 names in its {@code Allow} header; null otherwise. */
  final @Nullable String allow;

  /** Further headers: for a 429, when to retry and the rate limits; empty otherwise. */
  final Map<String, String> headers;

  ApiException(
      int status,
      String error,
      @Nullable String message,
      @Nullable String field,
      @Nullable String wwwAuthenticate) {
    this(status, error, message, field, wwwAuthenticate, null, Map.of());
  }

  private ApiException(
      int status,
      String error,
      @Nullable String message,
      @Nullable String field,
      @Nullable String wwwAuthenticate,
      @Nullable String allow,
      Map<String, String> headers) {
    super(message == null ? error : message, null, false, false);
    this.status = status;
    this.error = error;
    this.field = field;
    this.wwwAuthenticate = wwwAuthenticate;
    this.allow = allow;
    this.headers = Map.copyOf(headers);
  }

  static ApiException methodNotAllowed(String allowed) {
    return new ApiException(
        405, "method_not_allowed", "allowed: " + allowed, null, null, allowed, Map.of());
  }

  static ApiException badRequest(@Nullable String field, @Nullable String message) {
    return new ApiException(400, "invalid_request", message, field, null);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null, null);
  }

  static ApiException unauthorized(String reason, String message, String wwwAuthenticate) {
    return new ApiException(401, reason, message, null, wwwAuthenticate);
  }

  /** 429: the token is over its rate limits; the headers say when to retry. */
  static ApiException rateLimited(String message, RateDecision decision) {
    return new ApiException(429, "rate_limited", message, null, null, null, decision.headers());
  }

  static ApiException forbidden(String reason, @Nullable String message) {
    return new ApiException(403, reason, message, null, null);
  }
}

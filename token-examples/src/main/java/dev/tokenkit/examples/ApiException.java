package dev.tokenkit.examples;

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

  ApiException(
      int status,
      String error,
      @Nullable String message,
      @Nullable String field,
      @Nullable String wwwAuthenticate) {
    this(status, error, message, field, wwwAuthenticate, null);
  }

  private ApiException(
      int status,
      String error,
      @Nullable String message,
      @Nullable String field,
      @Nullable String wwwAuthenticate,
      @Nullable String allow) {
    super(message == null ? error : message, null, false, false);
    this.status = status;
    this.error = error;
    this.field = field;
    this.wwwAuthenticate = wwwAuthenticate;
    this.allow = allow;
  }

  static ApiException methodNotAllowed(String allowed) {
    return new ApiException(405, "method_not_allowed", "allowed: " + allowed, null, null, allowed);
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

  static ApiException forbidden(String reason, @Nullable String message) {
    return new ApiException(403, reason, message, null, null);
  }
}

package dev.tokenkit.examples;

import org.jspecify.annotations.Nullable;

/** An HTTP error answer: status, a short error code, a message and the offending field if any. */
final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  final int status;
  final String error;
  final @Nullable String field;
  final @Nullable String wwwAuthenticate;

  ApiException(
      int status,
      String error,
      @Nullable String message,
      @Nullable String field,
      @Nullable String wwwAuthenticate) {
    super(message == null ? error : message, null, false, false);
    this.status = status;
    this.error = error;
    this.field = field;
    this.wwwAuthenticate = wwwAuthenticate;
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

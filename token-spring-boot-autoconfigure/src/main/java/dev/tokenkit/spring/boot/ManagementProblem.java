package dev.tokenkit.spring.boot;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/**
 * A refusal of the management API, answered as an RFC 9457 problem: the HTTP status, the outward
 * {@code error} code, the request field it is about (if any) and a message in our own words.
 */
final class ManagementProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String error;
  private final @Nullable String field;

  ManagementProblem(HttpStatus status, String error, String detail, @Nullable String field) {
    super(detail, null, false, false);
    this.status = status;
    this.error = error;
    this.field = field;
  }

  static ManagementProblem badRequest(@Nullable String field, String detail) {
    return new ManagementProblem(HttpStatus.BAD_REQUEST, "invalid_request", detail, field);
  }

  static ManagementProblem tooLarge(int maxBytes) {
    return new ManagementProblem(
        HttpStatus.CONTENT_TOO_LARGE,
        "too_large",
        "request bodies are limited to " + maxBytes + " bytes",
        null);
  }

  static ManagementProblem notFound(String detail) {
    return new ManagementProblem(HttpStatus.NOT_FOUND, "not_found", detail, null);
  }

  static ManagementProblem forbidden(String error, String detail) {
    return new ManagementProblem(HttpStatus.FORBIDDEN, error, detail, null);
  }

  HttpStatus status() {
    return status;
  }

  String error() {
    return error;
  }

  @Nullable String field() {
    return field;
  }
}

package dev.tokenkit.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Answers requests without an acceptable token. A refused token ({@link
 * TokenAuthenticationException}) gets its status (401; 403 for a client the token is not bound to;
 * 429 with {@code Retry-After}, {@code RateLimit} and {@code RateLimit-Policy} over its rate
 * limits; 503 with {@code Retry-After} when the store is down) and, for 401, its RFC 6750 {@code
 * WWW-Authenticate}; a request without any token gets 401 with {@code WWW-Authenticate: Bearer}
 * (plus the realm if set). The body is {@code {"error": ..., "message": ...}}. Thread-safe.
 */
public final class TokenAuthenticationEntryPoint implements AuthenticationEntryPoint {

  private final String challenge;
  private final boolean problemDetails;

  /** An entry point without a realm. */
  public TokenAuthenticationEntryPoint() {
    this(null);
  }

  /**
   * An entry point naming {@code realm} in its challenge.
   *
   * @throws IllegalArgumentException if {@code realm} holds a quote, backslash or control character
   */
  public TokenAuthenticationEntryPoint(@Nullable String realm) {
    this(realm, false);
  }

  /**
   * An entry point naming {@code realm} (null: none) that answers RFC 9457 problem details, as a
   * chain configured with {@link TokenkitConfigurer#problemDetails(boolean)} does: for a chain of
   * the application's own whose callers must be refused in the same words.
   *
   * @throws IllegalArgumentException if {@code realm} holds a quote, backslash or control character
   */
  public static TokenAuthenticationEntryPoint problemDetails(@Nullable String realm) {
    return new TokenAuthenticationEntryPoint(realm, true);
  }

  /** An entry point answering RFC 9457 problem details when {@code problemDetails}. */
  TokenAuthenticationEntryPoint(@Nullable String realm, boolean problemDetails) {
    this.problemDetails = problemDetails;
    if (realm != null
        && !realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
      throw new IllegalArgumentException("realm must be printable ASCII without quotes");
    }
    this.challenge = realm == null ? "Bearer" : "Bearer realm=\"" + realm + "\"";
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
      throws IOException {
    if (exception instanceof TokenAuthenticationException refused) {
      if (refused.httpStatus() == 401) {
        response.setHeader("WWW-Authenticate", refused.wwwAuthenticate());
      } else if (refused.httpStatus() == 503) {
        response.setHeader("Retry-After", "5");
      }
      refused.headers().forEach(response::setHeader);
      ErrorBody.write(
          request,
          response,
          problemDetails,
          refused.httpStatus(),
          refused.reason(),
          String.valueOf(refused.getMessage()));
      return;
    }
    response.setHeader("WWW-Authenticate", challenge);
    ErrorBody.write(request, response, problemDetails, 401, "missing_token", "a token is required");
  }

  @Override
  public String toString() {
    return "TokenAuthenticationEntryPoint[" + challenge + "]";
  }
}

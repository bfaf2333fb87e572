package dev.tokenkit.spring.security;

import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.RateDecision;
import dev.tokenkit.core.RejectionReason;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;

/**
 * A presented token was refused. Carries what the answer needs: the HTTP status (401, 403 for a
 * client the token is not bound to, 429 over its rate limits, 503 when the store is unavailable), a
 * short machine-readable reason ({@code invalid_token} for every token that did not prove its
 * secret, else {@code revoked}, {@code expired}, ...: {@link
 * dev.tokenkit.core.RejectionReason#outwardError()}) and the RFC 6750 {@code WWW-Authenticate}
 * value. Never carries the token.
 */
public final class TokenAuthenticationException extends AuthenticationException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String reason;
  private final @Nullable RejectionReason rejection;
  private final String wwwAuthenticate;
  private final Map<String, String> headers;

  TokenAuthenticationException(
      int httpStatus,
      String reason,
      String message,
      @Nullable RejectionReason rejection,
      String wwwAuthenticate,
      @Nullable RateDecision rateLimit) {
    super(message);
    this.httpStatus = httpStatus;
    this.reason = reason;
    this.rejection = rejection;
    this.wwwAuthenticate = wwwAuthenticate;
    this.headers = rateLimit == null ? Map.of() : Map.copyOf(rateLimit.headers());
  }

  static TokenAuthenticationException of(AuthResult.Rejected rejected) {
    RejectionReason reason = rejected.reason();
    return new TokenAuthenticationException(
        rejected.httpStatus(),
        rejected.error(),
        rejected.message(),
        reason,
        rejected.wwwAuthenticate().orElse(invalidTokenChallenge(rejected.message())),
        rejected.rateLimit().orElse(null));
  }

  /** The RFC 6750 challenge for a token that is not acceptable. */
  static String invalidTokenChallenge(String description) {
    return "Bearer error=\"invalid_token\", error_description=\"" + description + "\"";
  }

  /** The HTTP status to answer with: 401, 403, 429 or 503. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The outward error code, e.g. {@code invalid_token}, {@code revoked}, {@code
   * client_not_allowed}.
   */
  public String reason() {
    return reason;
  }

  /** The core rejection reason, when the token service decided (empty for JWT format failures). */
  public Optional<RejectionReason> rejection() {
    return Optional.ofNullable(rejection);
  }

  /**
   * Further headers to answer with: for a token over its rate limits (429), {@code Retry-After},
   * {@code RateLimit} and {@code RateLimit-Policy} ({@link RateDecision#headers()}); else none.
   */
  public Map<String, String> headers() {
    return headers;
  }

  /** The {@code WWW-Authenticate} header value (RFC 6750). */
  public String wwwAuthenticate() {
    return wwwAuthenticate;
  }
}

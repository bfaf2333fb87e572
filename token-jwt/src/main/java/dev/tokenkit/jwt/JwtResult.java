package dev.tokenkit.jwt;

import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.RateDecision;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.TokenPrincipal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link JwtVerifier#verify}: valid (with key id, subject and, when the verifier
 * checks the token service, the principal) or a {@link JwtFailure}. Immutable and thread-safe.
 */
public final class JwtResult {

  private final @Nullable JwtFailure failure;
  private final @Nullable String keyId;
  private final @Nullable String subject;
  private final @Nullable TokenPrincipal principal;
  private final @Nullable RejectionReason rejection;
  private final @Nullable RateDecision rateLimit;

  private JwtResult(
      @Nullable JwtFailure failure,
      @Nullable String keyId,
      @Nullable String subject,
      @Nullable TokenPrincipal principal,
      @Nullable RejectionReason rejection,
      @Nullable RateDecision rateLimit) {
    this.failure = failure;
    this.keyId = keyId;
    this.subject = subject;
    this.principal = principal;
    this.rejection = rejection;
    this.rateLimit = rateLimit;
  }

  static JwtResult valid(
      String keyId, @Nullable String subject, @Nullable TokenPrincipal principal) {
    return new JwtResult(null, keyId, subject, principal, null, null);
  }

  static JwtResult failed(JwtFailure failure, @Nullable String keyId) {
    return new JwtResult(failure, keyId, null, null, null, null);
  }

  static JwtResult rejected(String keyId, AuthResult.Rejected rejected) {
    return new JwtResult(
        JwtFailure.TOKEN_REJECTED,
        keyId,
        null,
        null,
        rejected.reason(),
        rejected.rateLimit().orElse(null));
  }

  /** Whether every check passed. */
  public boolean valid() {
    return failure == null;
  }

  /** The {@code kid} header, when one could be read. */
  public @Nullable String keyId() {
    return keyId;
  }

  /** The {@code sub} claim of a valid JWT. */
  public @Nullable String subject() {
    return subject;
  }

  /** Why verification failed; null when valid. */
  public @Nullable JwtFailure failure() {
    return failure;
  }

  /** For {@link JwtFailure#TOKEN_REJECTED}: the server token's rejection reason. */
  public Optional<RejectionReason> rejection() {
    return Optional.ofNullable(rejection);
  }

  /**
   * When the server token is over its rate limits ({@link RejectionReason#RATE_LIMITED}): when to
   * retry and the headers to answer with ({@link RateDecision#headers()}).
   */
  public Optional<RateDecision> rateLimit() {
    return Optional.ofNullable(rateLimit);
  }

  /** The principal of the server token, when the verifier checks a token service. */
  public Optional<TokenPrincipal> principal() {
    return Optional.ofNullable(principal);
  }

  /**
   * 200 when valid; 503 when unavailable; the server token's status when it was refused after the
   * signature held (403 for a client binding refusal, 429 over its rate limits); else 401.
   */
  public int httpStatus() {
    if (failure == null) {
      return 200;
    }
    if (failure == JwtFailure.UNAVAILABLE) {
      return 503;
    }
    return rejection != null ? rejection.httpStatus() : 401;
  }

  /**
   * The error code safe to show a client, the same as a bearer token's ({@link
   * RejectionReason#outwardError()}): the token's reason when its server token was refused after
   * the signature held ({@code revoked}, {@code client_not_allowed}, ...), {@code unavailable} when
   * the store failed, and {@code invalid_token} for every other failure, so that nobody can tell an
   * unknown key from a bad signature or a malformed JWT. Null when valid.
   */
  public @Nullable String outwardError() {
    if (failure == null) {
      return null;
    }
    if (rejection != null) {
      return rejection.outwardError();
    }
    return failure == JwtFailure.UNAVAILABLE ? "unavailable" : "invalid_token";
  }

  /** The message safe to show a client for {@link #outwardError()}; null when valid. */
  public @Nullable String outwardMessage() {
    if (failure == null) {
      return null;
    }
    if (rejection != null) {
      return rejection.outwardMessage();
    }
    return failure == JwtFailure.UNAVAILABLE
        ? RejectionReason.UNAVAILABLE.outwardMessage()
        : RejectionReason.MALFORMED.outwardMessage();
  }

  @Override
  public String toString() {
    return failure == null
        ? "JwtResult[valid, kid=" + keyId + "]"
        : "JwtResult["
            + failure
            + (rejection == null ? "" : " " + rejection)
            + ", kid="
            + keyId
            + "]";
  }
}

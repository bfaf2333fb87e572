package dev.tokenkit.jwt;

/** Why {@link JwtVerifier#verify} refused a JWT. For logs and audit; clients see one message. */
public enum JwtFailure {
  /**
   * Null, empty, not three base64url parts, non-canonical base64url, invalid UTF-8 (overlong forms
   * included), or JSON that is invalid.
   */
  MALFORMED,
  /** Longer than the size cap (8 kB), or a header part longer than 512 characters. */
  TOO_LARGE,
  /** {@code alg} is not HS512 ({@code none}, HS256, HS384, RS256, ES256, ... are refused). */
  UNSUPPORTED_ALGORITHM,
  /** The header carries {@code jwk}, {@code jku}, {@code x5u}, {@code x5c} or {@code crit}. */
  FORBIDDEN_HEADER,
  /** {@code typ} is present and not {@code JWT}. */
  BAD_TYPE,
  /** {@code kid} is missing, empty, longer than 128 or not printable ASCII. */
  BAD_KEY_ID,
  /** No key is known for the {@code kid} (or no server token has that id). */
  UNKNOWN_KEY,
  /** The key is shorter than 64 bytes, too weak for HS512. */
  WEAK_KEY,
  /** The signature does not verify. */
  BAD_SIGNATURE,
  /** {@code exp} is missing. */
  MISSING_EXPIRY,
  /** {@code exp} is past (beyond the leeway). */
  EXPIRED,
  /** {@code nbf} is in the future (beyond the leeway). */
  NOT_YET_VALID,
  /** {@code iss} differs from the expected issuer. */
  BAD_ISSUER,
  /** {@code aud} does not contain the expected audience. */
  BAD_AUDIENCE,
  /**
   * With a token service: {@code sub} is not the token key named by {@code kid}, or the {@code
   * tenant} claim is not the token's tenant. Whoever holds a server token's secret can sign any
   * claims, so they must name that token.
   */
  BAD_SUBJECT,
  /**
   * The server token behind {@code kid} is refused (revoked, disabled, expired, owner, binding).
   */
  TOKEN_REJECTED,
  /** The key lookup or the token store failed. */
  UNAVAILABLE
}

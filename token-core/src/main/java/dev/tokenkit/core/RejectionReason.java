package dev.tokenkit.core;

/**
 * Why authentication failed. {@link TokenService#authenticate} runs its checks in declaration order
 * (from {@code MALFORMED} to {@code USAGE_EXCEEDED}); the first failure wins. The reason is for
 * logs and audit; {@link #outwardMessage()} is what a client may see.
 */
public enum RejectionReason {
  /** Not a token: wrong syntax, length, characters, prefix or checksum. No store access. */
  MALFORMED(401, "invalid token"),
  /** Well-formed, but no token has this id (or it is of another kind). */
  UNKNOWN(401, "invalid token"),
  /** The id exists but the secret does not match (nor a previous secret within its grace). */
  BAD_SECRET(401, "invalid token"),
  /** The token was revoked. */
  REVOKED(401, "token revoked"),
  /** The token is disabled. */
  DISABLED(401, "token disabled"),
  /** The token is past its expiry. */
  EXPIRED(401, "token expired"),
  /** The token's owner does not exist or is deactivated. */
  OWNER_INACTIVE(401, "token owner inactive"),
  /** The client's origin or address is outside the token's binding. */
  CLIENT_NOT_ALLOWED(403, "client not allowed for this token"),
  /**
   * The token is over one of its rate limits (check 9, after every check before it passed; the
   * request takes nothing from any limit or from the token's uses). 429 with {@code Retry-After}:
   * the same request passes later ({@link AuthResult.Rejected#rateLimit()} says when).
   */
  RATE_LIMITED(429, "rate limit exceeded"),
  /**
   * The token's limited uses are used up (check 10, after every other check passed: a request
   * refused for another reason uses nothing). 403: the token is genuine, retrying will not help.
   */
  USAGE_EXCEEDED(403, "token usage exceeded"),
  /** A signed request's timestamp is outside the accepted window. */
  STALE_SIGNATURE(401, "stale signature"),
  /**
   * A signed request was seen before within its window (the same {@code tkn_} header, or the same
   * key id and nonce of an HTTP message signature): each is accepted once.
   */
  REPLAYED(401, "replayed signature"),
  /** The store or owner directory failed; the request may be retried. */
  UNAVAILABLE(503, "authentication unavailable");

  private final int httpStatus;
  private final String outwardMessage;

  RejectionReason(int httpStatus, String outwardMessage) {
    this.httpStatus = httpStatus;
    this.outwardMessage = outwardMessage;
  }

  /** The HTTP status to answer with: 401, 403, 429 or 503. */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The machine-readable error code to show a client: {@code invalid_token} for {@code MALFORMED},
   * {@code UNKNOWN} and {@code BAD_SECRET} alike (checks 1 to 3 must look the same from outside, so
   * nobody can probe which token ids exist), else the reason in lower case ({@code revoked}, {@code
   * client_not_allowed}, {@code unavailable}, ...). Every HTTP integration answers with this.
   */
  public String outwardError() {
    return switch (this) {
      case MALFORMED, UNKNOWN, BAD_SECRET -> "invalid_token";
      default -> name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /**
   * The message safe to show a client. {@code MALFORMED}, {@code UNKNOWN} and {@code BAD_SECRET}
   * share one message, so clients cannot probe which ids exist.
   */
  public String outwardMessage() {
    return outwardMessage;
  }
}

package dev.tokenkit.core;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link TokenService#authenticate}: either {@link Authenticated} with the
 * principal, or {@link Rejected} with a reason, an HTTP status and an RFC 6750 {@code
 * WWW-Authenticate} value.
 *
 * <pre>{@code
 * if (result instanceof AuthResult.Rejected r) {
 *   response.status(r.httpStatus());
 *   r.wwwAuthenticate().ifPresent(v -> response.header("WWW-Authenticate", v));
 * } else {
 *   TokenPrincipal p = result.principal().orElseThrow();
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public abstract sealed class AuthResult permits AuthResult.Authenticated, AuthResult.Rejected {

  private AuthResult() {}

  /** A successful result for {@code principal}. */
  static Authenticated authenticated(@Nullable TokenPrincipal principal) {
    if (principal == null) {
      throw new IllegalArgumentException("principal is required");
    }
    return new Authenticated(principal);
  }

  /** The (shared) rejection for {@code reason}. */
  public static Rejected rejected(@Nullable RejectionReason reason) {
    if (reason == null) {
      throw new IllegalArgumentException("reason is required");
    }
    return Objects.requireNonNull(Rejected.BY_REASON.get(reason));
  }

  /** The rejection of a request over its token's rate limits, with what the limiter decided. */
  static Rejected rateLimited(RateDecision decision) {
    return new Rejected(RejectionReason.RATE_LIMITED, decision);
  }

  /** Whether the request is authenticated. */
  public abstract boolean isAuthenticated();

  /** 200 when authenticated, else the rejection's status (401, 403, 429 or 503). */
  public abstract int httpStatus();

  /** The principal when authenticated; empty when rejected. */
  public abstract Optional<TokenPrincipal> principal();

  /** Successful authentication. */
  public static final class Authenticated extends AuthResult {
    private final TokenPrincipal principal;

    private Authenticated(TokenPrincipal principal) {
      this.principal = principal;
    }

    @Override
    public boolean isAuthenticated() {
      return true;
    }

    @Override
    public int httpStatus() {
      return 200;
    }

    @Override
    public Optional<TokenPrincipal> principal() {
      return Optional.of(principal);
    }

    @Override
    public String toString() {
      return "Authenticated[" + principal + "]";
    }
  }

  /** Failed authentication. */
  public static final class Rejected extends AuthResult {
    private static final Map<RejectionReason, Rejected> BY_REASON = byReason();

    private final RejectionReason reason;
    private final @Nullable String wwwAuthenticate;
    private final @Nullable RateDecision rateLimit;

    private Rejected(RejectionReason reason, @Nullable RateDecision rateLimit) {
      this.reason = reason;
      this.wwwAuthenticate = wwwAuthenticateFor(reason);
      this.rateLimit = rateLimit;
    }

    /** The precise reason, for logs and audit. */
    public RejectionReason reason() {
      return reason;
    }

    @Override
    public boolean isAuthenticated() {
      return false;
    }

    @Override
    public int httpStatus() {
      return reason.httpStatus();
    }

    @Override
    public Optional<TokenPrincipal> principal() {
      return Optional.empty();
    }

    /**
     * The error code safe to show the client: one code, {@code invalid_token}, for every token that
     * did not prove its secret (see {@link RejectionReason#outwardError()}).
     */
    public String error() {
      return reason.outwardError();
    }

    /** The message safe to show the client (see {@link RejectionReason#outwardMessage()}). */
    public String message() {
      return reason.outwardMessage();
    }

    /**
     * The {@code WWW-Authenticate} header value (RFC 6750 §3) for 401 and 403 answers; empty for
     * 429 and 503, which are not authentication challenges.
     */
    public Optional<String> wwwAuthenticate() {
      return Optional.ofNullable(wwwAuthenticate);
    }

    /**
     * For {@link RejectionReason#RATE_LIMITED}, the limiter's decision: when to retry and the
     * headers to answer with ({@link RateDecision#headers()}); empty for every other reason.
     */
    public Optional<RateDecision> rateLimit() {
      return Optional.ofNullable(rateLimit);
    }

    @Override
    public String toString() {
      return "Rejected[" + reason + "]";
    }

    private static @Nullable String wwwAuthenticateFor(RejectionReason reason) {
      @Nullable String error =
          switch (reason.httpStatus()) {
            case 401 -> "invalid_token";
            case 403 -> "insufficient_scope";
            default -> null;
          };
      return error == null
          ? null
          : "Bearer error=\"" + error + "\", error_description=\"" + reason.outwardMessage() + "\"";
    }

    private static Map<RejectionReason, Rejected> byReason() {
      Map<RejectionReason, Rejected> map = new EnumMap<>(RejectionReason.class);
      for (RejectionReason r : RejectionReason.values()) {
        map.put(r, new Rejected(r, null));
      }
      return map;
    }
  }
}

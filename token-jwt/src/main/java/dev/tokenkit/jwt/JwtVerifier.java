package dev.tokenkit.jwt;

import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.spi.TokenId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Verifies long-term JWTs under a strict profile (RFC 8725). {@link #verify} never throws. Checks,
 * failing with the {@link JwtFailure} named: size at most 8 kB ({@code TOO_LARGE}); compact JWS
 * with three canonical base64url parts holding strict RFC 8259 JSON objects (no duplicate names,
 * nested at most 8 deep) ({@code MALFORMED}); {@code alg} exactly HS512 ({@code
 * UNSUPPORTED_ALGORITHM}); no {@code jwk}, {@code jku}, {@code x5u}, {@code x5c} or {@code crit}
 * ({@code FORBIDDEN_HEADER}); {@code typ}, if present, {@code JWT} ({@code BAD_TYPE}); {@code kid}
 * a non-empty printable ASCII string of at most 128 characters, checked before any lookup ({@code
 * BAD_KEY_ID}); a key of at least 64 bytes ({@code UNKNOWN_KEY}, {@code WEAK_KEY}); the signature
 * ({@code BAD_SIGNATURE}); {@code exp} present and not past, {@code nbf} not future, both with
 * leeway ({@code MISSING_EXPIRY}, {@code EXPIRED}, {@code NOT_YET_VALID}); {@code iss} and {@code
 * aud} when configured. With a token service, the server token behind {@code kid} must still
 * authenticate (checks 4 to 8: {@code TOKEN_REJECTED}).
 *
 * <pre>{@code
 * JwtVerifier verifier = JwtVerifier.builder()
 *     .tokenService(service)          // or .keyResolver(kid -> Optional.of(keyBytes))
 *     .expectedIssuer("https://example.com/")
 *     .expectedAudience("my-audience")
 *     .build();
 * JwtResult result = verifier.verify(compactJwt);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class JwtVerifier {

  /** The longest JWT accepted, in characters. */
  public static final int MAX_LENGTH = 8192;

  /**
   * The longest header part accepted, in base64url characters (384 bytes of JSON). The header is
   * parsed before any key is known, so it is kept small; tokenkit's own headers take about 70.
   */
  public static final int MAX_HEADER_LENGTH = 512;

  private static final int MIN_KEY_BYTES = 64;
  private static final int MAX_KID = 128;
  private static final int MAX_DEPTH = 8;
  private static final Set<String> FORBIDDEN = Set.of("jwk", "jku", "x5u", "x5c", "crit");

  private final @Nullable Function<String, Optional<byte[]>> keyResolver;
  private final @Nullable TokenService tokenService;
  private final @Nullable String expectedIssuer;
  private final @Nullable String expectedAudience;
  private final Clock clock;
  private final long leewaySeconds;
  private final boolean acceptStringNumericDates;

  private JwtVerifier(Builder b) {
    this.keyResolver = b.keyResolver;
    this.tokenService = b.tokenService;
    this.expectedIssuer = b.expectedIssuer;
    this.expectedAudience = b.expectedAudience;
    this.clock = b.clock;
    this.leewaySeconds = b.leeway.toSeconds();
    this.acceptStringNumericDates = b.acceptStringNumericDates;
  }

  /** A builder; a key resolver or a token service (or both) is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@link #verify(String, RequestContext)} with no request facts. */
  public JwtResult verify(@Nullable String compact) {
    return verify(compact, RequestContext.empty());
  }

  /**
   * Verifies a compact JWT. Never throws.
   *
   * @param context request facts for the server token's client binding (token-service mode)
   */
  public JwtResult verify(@Nullable String compact, @Nullable RequestContext context) {
    String kid = null;
    try {
      if (compact == null || compact.isEmpty()) {
        return JwtResult.failed(JwtFailure.MALFORMED, null);
      }
      if (compact.length() > MAX_LENGTH) {
        return JwtResult.failed(JwtFailure.TOO_LARGE, null);
      }
      int dot1 = compact.indexOf('.');
      int dot2 = dot1 < 0 ? -1 : compact.indexOf('.', dot1 + 1);
      if (dot1 <= 0
          || dot2 <= dot1 + 1
          || dot2 == compact.length() - 1
          || compact.indexOf('.', dot2 + 1) >= 0) {
        return JwtResult.failed(JwtFailure.MALFORMED, null);
      }
      if (dot1 > MAX_HEADER_LENGTH) {
        return JwtResult.failed(JwtFailure.TOO_LARGE, null);
      }
      byte[] headerBytes = StrictJws.decode(compact, 0, dot1);
      byte[] signature = StrictJws.decode(compact, dot2 + 1, compact.length());
      if (headerBytes == null
          || signature == null
          || !StrictJws.isCanonical(compact, dot1 + 1, dot2)) {
        return JwtResult.failed(JwtFailure.MALFORMED, null);
      }
      Map<String, @Nullable Object> header = json(headerBytes);
      if (header == null) {
        return JwtResult.failed(JwtFailure.MALFORMED, null);
      }
      if (!"HS512".equals(header.get("alg"))) {
        return JwtResult.failed(JwtFailure.UNSUPPORTED_ALGORITHM, null);
      }
      for (String name : header.keySet()) {
        if (FORBIDDEN.contains(name)) {
          return JwtResult.failed(JwtFailure.FORBIDDEN_HEADER, null);
        }
      }
      Object typ = header.get("typ");
      if (typ != null && !(typ instanceof String t && "JWT".equalsIgnoreCase(t))) {
        return JwtResult.failed(JwtFailure.BAD_TYPE, null);
      }
      kid = validKid(header.get("kid"));
      if (kid == null) {
        return JwtResult.failed(JwtFailure.BAD_KEY_ID, null);
      }
      // The claims are decoded only once the signature holds, so input nobody signed costs one
      // small header parse and one HMAC, whatever it holds.
      if (keyResolver != null) {
        JwtFailure keyFailure = checkWithResolver(keyResolver, kid, compact, dot2, signature);
        if (keyFailure != null) {
          return JwtResult.failed(keyFailure, kid);
        }
        Claims claims = checkClaims(compact, dot1, dot2, kid);
        if (claims.failure != null) {
          return JwtResult.failed(claims.failure, kid);
        }
        if (tokenService == null) {
          return JwtResult.valid(kid, claims.subject, null);
        }
        return checkToken(tokenService, kid, claims, null, context);
      }
      TokenService service = Objects.requireNonNull(tokenService);
      return checkToken(service, kid, null, new Signed(compact, dot1, dot2, signature), context);
    } catch (RuntimeException e) {
      return JwtResult.failed(JwtFailure.MALFORMED, kid);
    }
  }

  private static @Nullable JwtFailure checkWithResolver(
      Function<String, Optional<byte[]>> resolver,
      String kid,
      String compact,
      int signingInputEnd,
      byte[] signature) {
    Optional<byte[]> key;
    try {
      key = resolver.apply(kid);
    } catch (RuntimeException e) {
      return JwtFailure.UNAVAILABLE;
    }
    if (key == null || key.isEmpty()) {
      return JwtFailure.UNKNOWN_KEY;
    }
    if (key.get().length < MIN_KEY_BYTES) {
      return JwtFailure.WEAK_KEY;
    }
    return StrictJws.hs512Matches(key.get(), compact, signingInputEnd, signature)
        ? null
        : JwtFailure.BAD_SIGNATURE;
  }

  /**
   * A compact JWT to verify with a token's own secret: where the dots are, the decoded signature,
   * and the claims once the signature held. Used on one thread, by one verification.
   */
  private static final class Signed {
    final String compact;
    final int dot1;
    final int dot2;
    final byte[] signature;
    @Nullable Claims claims;

    Signed(String compact, int dot1, int dot2, byte[] signature) {
      this.compact = compact;
      this.dot1 = dot1;
      this.dot2 = dot2;
      this.signature = signature;
    }
  }

  /** The outcome of the claim checks: a failure, or null, the subject and the tenant claim. */
  private static final class Claims {
    final @Nullable JwtFailure failure;
    final @Nullable String subject;
    final @Nullable String tenant;

    Claims(@Nullable JwtFailure failure, @Nullable String subject, @Nullable String tenant) {
      this.failure = failure;
      this.subject = subject;
      this.tenant = tenant;
    }
  }

  /**
   * Runs checks 2 and 4 to 8 on the server token behind {@code kid}. With {@code checked} claims,
   * the resolver has verified the signature already; else {@code signed} is verified with the
   * token's own secret and its claims are checked right after, inside the proof, so a validly
   * signed JWT with failing claims counts as an invalid credential for the token (BAD_SECRET in its
   * audit) and the result names the claim.
   */
  private JwtResult checkToken(
      TokenService service,
      String kid,
      @Nullable Claims checked,
      @Nullable Signed signed,
      @Nullable RequestContext context) {
    if (!TokenId.isValid(kid)) {
      return JwtResult.failed(JwtFailure.UNKNOWN_KEY, kid);
    }
    AuthResult result;
    if (signed == null) {
      result = service.authenticateKeyProven(TokenId.of(kid), () -> true, context);
    } else {
      Predicate<byte[]> proof =
          secret -> {
            if (secret.length < MIN_KEY_BYTES
                || !StrictJws.hs512Matches(secret, signed.compact, signed.dot2, signed.signature)) {
              return false;
            }
            Claims claims = checkClaims(signed.compact, signed.dot1, signed.dot2, kid);
            signed.claims = claims;
            return claims.failure == null;
          };
      result = service.authenticateProven(TokenId.of(kid), proof, context);
    }
    Claims claims = signed == null ? checked : signed.claims;
    if (result instanceof AuthResult.Rejected rejected) {
      RejectionReason reason = rejected.reason();
      if (reason == RejectionReason.BAD_SECRET && claims != null && claims.failure != null) {
        return JwtResult.failed(claims.failure, kid);
      }
      return switch (reason) {
        case BAD_SECRET -> JwtResult.failed(JwtFailure.BAD_SIGNATURE, kid);
        case UNKNOWN, MALFORMED -> JwtResult.failed(JwtFailure.UNKNOWN_KEY, kid);
        case UNAVAILABLE -> JwtResult.failed(JwtFailure.UNAVAILABLE, kid);
        default -> JwtResult.rejected(kid, rejected);
      };
    }
    TokenPrincipal principal = result.principal().orElse(null);
    if (claims != null
        && principal != null
        && !Objects.equals(claims.tenant, principal.tenant().orElse(null))) {
      return JwtResult.failed(JwtFailure.BAD_SUBJECT, kid);
    }
    return JwtResult.valid(kid, claims == null ? null : claims.subject, principal);
  }

  /**
   * Decodes and checks the claims of a JWT whose signature holds; with a token service the subject
   * must be the token key {@code kid}.
   */
  private Claims checkClaims(String compact, int dot1, int dot2, String kid) {
    byte[] payloadBytes = StrictJws.decode(compact, dot1 + 1, dot2);
    Map<String, @Nullable Object> claims = payloadBytes == null ? null : json(payloadBytes);
    if (claims == null) {
      return new Claims(JwtFailure.MALFORMED, null, null);
    }
    JwtFailure failure = checkClaims(claims);
    String subject = claims.get("sub") instanceof String s ? s : null;
    if (failure == null && tokenService != null && !kid.equals(subject)) {
      failure = JwtFailure.BAD_SUBJECT;
    }
    Object tenant = claims.get("tenant");
    if (failure == null && tenant != null && !(tenant instanceof String)) {
      failure = JwtFailure.MALFORMED;
    }
    return new Claims(failure, subject, tenant instanceof String t ? t : null);
  }

  private @Nullable JwtFailure checkClaims(Map<String, @Nullable Object> claims) {
    long now = clock.instant().getEpochSecond();
    Long exp = numericDate(claims.get("exp"));
    if (exp == null) {
      return claims.containsKey("exp") ? JwtFailure.MALFORMED : JwtFailure.MISSING_EXPIRY;
    }
    if (now - leewaySeconds >= exp) {
      return JwtFailure.EXPIRED;
    }
    if (claims.containsKey("nbf")) {
      Long nbf = numericDate(claims.get("nbf"));
      if (nbf == null) {
        return JwtFailure.MALFORMED;
      }
      if (now + leewaySeconds < nbf) {
        return JwtFailure.NOT_YET_VALID;
      }
    }
    if (claims.containsKey("iat") && numericDate(claims.get("iat")) == null) {
      return JwtFailure.MALFORMED;
    }
    if (expectedIssuer != null && !expectedIssuer.equals(claims.get("iss"))) {
      return JwtFailure.BAD_ISSUER;
    }
    if (expectedAudience != null && !audienceMatches(claims.get("aud"))) {
      return JwtFailure.BAD_AUDIENCE;
    }
    return null;
  }

  private boolean audienceMatches(@Nullable Object aud) {
    if (aud instanceof String s) {
      return s.equals(expectedAudience);
    }
    if (aud instanceof List<?> list) {
      return list.contains(expectedAudience);
    }
    return false;
  }

  /** Seconds since the epoch: a JSON number, or (in compatibility mode) a string of digits. */
  private @Nullable Long numericDate(@Nullable Object value) {
    if (value instanceof Number n) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? (long) Math.floor(d) : null;
    }
    if (acceptStringNumericDates
        && value instanceof String s
        && !s.isEmpty()
        && s.length() <= 18
        && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Long.parseLong(s);
    }
    return null;
  }

  private static @Nullable String validKid(@Nullable Object kid) {
    if (!(kid instanceof String s) || s.isEmpty() || s.length() > MAX_KID) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return null;
      }
    }
    return s;
  }

  private static @Nullable Map<String, @Nullable Object> json(byte[] utf8) {
    String text = StrictJws.utf8(utf8);
    return text == null ? null : StrictJson.parseObject(text, MAX_DEPTH);
  }

  @Override
  public String toString() {
    return "JwtVerifier[HS512, iss="
        + expectedIssuer
        + ", aud="
        + expectedAudience
        + ", leeway="
        + leewaySeconds
        + "s, tokenService="
        + (tokenService != null)
        + "]";
  }

  /** Builds a {@link JwtVerifier}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Function<String, Optional<byte[]>> keyResolver;
    private @Nullable TokenService tokenService;
    private @Nullable String expectedIssuer;
    private @Nullable String expectedAudience;
    private Clock clock = Clock.systemUTC();
    private Duration leeway = Duration.ofSeconds(60);
    private boolean acceptStringNumericDates;

    private Builder() {}

    /** Finds the HS512 key (at least 64 bytes) for a {@code kid}; empty if unknown. */
    public Builder keyResolver(@Nullable Function<String, Optional<byte[]>> keyResolver) {
      this.keyResolver = keyResolver;
      return this;
    }

    /**
     * Resolves {@code kid} as a server token of this service and requires it to still authenticate
     * (revoked, disabled, expired or deleted tokens make their JWTs fail). Without a key resolver,
     * the token's own secret is the key.
     */
    public Builder tokenService(@Nullable TokenService tokenService) {
      this.tokenService = tokenService;
      return this;
    }

    /** Required {@code iss} value (default: not checked). */
    public Builder expectedIssuer(@Nullable String issuer) {
      this.expectedIssuer = issuer;
      return this;
    }

    /** Required {@code aud} value, as a string or inside an array (default: not checked). */
    public Builder expectedAudience(@Nullable String audience) {
      this.expectedAudience = audience;
      return this;
    }

    /**
     * The time source (default system UTC).
     *
     * @throws IllegalArgumentException if null
     */
    public Builder clock(@Nullable Clock clock) {
      if (clock == null) {
        throw new IllegalArgumentException("clock must not be null");
      }
      this.clock = clock;
      return this;
    }

    /**
     * Clock skew allowed for {@code exp} and {@code nbf} (default 60 s).
     *
     * @throws IllegalArgumentException if null, negative or above 10 minutes
     */
    public Builder leeway(@Nullable Duration leeway) {
      if (leeway == null || leeway.isNegative() || leeway.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("leeway must be 0 to 10 minutes");
      }
      this.leeway = leeway;
      return this;
    }

    /**
     * Compatibility: also accept {@code exp}, {@code nbf} and {@code iat} as JSON strings of digits
     * ({@code "exp":"2055518449"}), as some issuers write them (default false).
     */
    public Builder acceptStringNumericDates(boolean accept) {
      this.acceptStringNumericDates = accept;
      return this;
    }

    /**
     * Builds the verifier.
     *
     * @throws IllegalArgumentException if neither a key resolver nor a token service is set
     */
    public JwtVerifier build() {
      if (keyResolver == null && tokenService == null) {
        throw new IllegalArgumentException("set a keyResolver or a tokenService");
      }
      return new JwtVerifier(this);
    }
  }
}

package dev.tokenkit.jwt;

import dev.tokenkit.core.TokenJwtIssuer;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Issues the long-term JWT of a server token: header {@code {"alg":"HS512","kid":<token
 * key>,"typ":"JWT"}}, claims {@code sub} = token key, {@code iss} and {@code aud} (when
 * configured), {@code tenant} (when the token has one), {@code iat}, {@code nbf}, {@code exp}
 * (default lifetime 10 years). The JWT is returned once with the new token and never stored;
 * revoking the token makes it fail.
 *
 * <p>Signing key, chosen by the host: the token's own 64-character secret as ASCII bytes (the
 * default; the service then needs a {@code KeyRing} so the verifier can unseal it), or a per-token
 * key derived from a host master key as {@code HMAC-SHA512(master, "tokenkit/jwt/v1" || 0 || kid)},
 * which needs no sealed secrets. Immutable and thread-safe.
 *
 * <pre>{@code
 * JwtIssuer issuer = JwtIssuer.builder().issuer("https://example.com/").audience("api").build();
 * TokenService tokens = TokenService.builder()...keyRing(keys).jwtIssuer(issuer).build();
 * }</pre>
 */
public final class JwtIssuer implements TokenJwtIssuer {

  /**
   * The default lifetime: ten years, as 3 653 days, so that the JWT lasts at least ten calendar
   * years whatever leap days fall in them.
   */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(3653);

  private static final byte[] DERIVATION_LABEL =
      "tokenkit/jwt/v1".getBytes(StandardCharsets.US_ASCII);

  private final @Nullable String issuer;
  private final @Nullable String audience;
  private final Duration lifetime;
  private final Clock clock;
  private final byte @Nullable [] masterKey;

  private JwtIssuer(Builder b) {
    this.issuer = b.issuer;
    this.audience = b.audience;
    this.lifetime = b.lifetime;
    this.clock = b.clock;
    this.masterKey = b.masterKey;
  }

  /** A builder: no issuer or audience, 10-year lifetime, system clock, token-secret keys. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String issue(TokenRecord record, String secret) {
    String kid = record.id().value();
    byte[] key =
        masterKey == null ? secret.getBytes(StandardCharsets.US_ASCII) : derivedKey(masterKey, kid);
    try {
      long now = clock.instant().getEpochSecond();
      // The header and claims are fixed-shape JSON, written directly: the kid is base62 and the
      // configured iss/aud are escaped, so no JSON library is needed on this path.
      String header = "{\"alg\":\"HS512\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\"}";
      StringBuilder claims = new StringBuilder(160).append("{\"sub\":\"").append(kid).append('"');
      if (issuer != null) {
        claims.append(",\"iss\":");
        jsonString(claims, issuer);
      }
      if (audience != null) {
        claims.append(",\"aud\":");
        jsonString(claims, audience);
      }
      String tenant = record.tenant().orElse(null);
      if (tenant != null) {
        claims.append(",\"tenant\":");
        jsonString(claims, tenant);
      }
      claims
          .append(",\"iat\":")
          .append(now)
          .append(",\"nbf\":")
          .append(now)
          .append(",\"exp\":")
          .append(expiry(record, now))
          .append('}');
      Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
      String signingInput =
          b64.encodeToString(header.getBytes(StandardCharsets.US_ASCII))
              + "."
              + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
      return signingInput + "." + b64.encodeToString(StrictJws.hs512(key, signingInput));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Now plus the lifetime, but not after the token's own expiry. */
  private long expiry(TokenRecord record, long now) {
    long exp = now + lifetime.toSeconds();
    return record.expiresAt().map(t -> Math.min(exp, t.getEpochSecond())).orElse(exp);
  }

  @Override
  public Duration lifetime() {
    return lifetime;
  }

  /** Appends {@code value} as a JSON string literal (RFC 8259 escaping). */
  private static void jsonString(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public boolean needsSealedSecret() {
    return masterKey == null;
  }

  /**
   * For derived keys: the resolver to give {@link JwtVerifier.Builder#keyResolver}. It answers only
   * for well-formed token ids.
   *
   * @throws IllegalStateException if this issuer signs with token secrets (verify those through
   *     {@link JwtVerifier.Builder#tokenService} instead)
   */
  public Function<String, Optional<byte[]>> keyResolver() {
    byte[] master = masterKey;
    if (master == null) {
      throw new IllegalStateException(
          "this issuer signs with token secrets; verify with JwtVerifier.builder().tokenService(...)");
    }
    return kid -> TokenId.isValid(kid) ? Optional.of(derivedKey(master, kid)) : Optional.empty();
  }

  /** {@code HMAC-SHA512(master, "tokenkit/jwt/v1" || 0 || kid)}: a 64-byte per-token key. */
  static byte[] derivedKey(byte[] master, String kid) {
    // Runs on every verification with a master key: this thread's Mac, not a new one.
    byte[] kidBytes = kid.getBytes(StandardCharsets.US_ASCII);
    byte[] message = Arrays.copyOf(DERIVATION_LABEL, DERIVATION_LABEL.length + 1 + kidBytes.length);
    System.arraycopy(kidBytes, 0, message, DERIVATION_LABEL.length + 1, kidBytes.length);
    return StrictJws.hs512(master, message, message.length);
  }

  @Override
  public String toString() {
    return "JwtIssuer[iss="
        + issuer
        + ", aud="
        + audience
        + ", lifetime="
        + lifetime
        + ", keys="
        + (masterKey == null ? "token secret" : "derived")
        + "]";
  }

  /** Builds a {@link JwtIssuer}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String issuer;
    private @Nullable String audience;
    private Duration lifetime = DEFAULT_LIFETIME;
    private Clock clock = Clock.systemUTC();
    private byte @Nullable [] masterKey;

    private Builder() {}

    /** The {@code iss} claim (default: none). */
    public Builder issuer(@Nullable String issuer) {
      this.issuer = issuer;
      return this;
    }

    /** The {@code aud} claim (default: none). */
    public Builder audience(@Nullable String audience) {
      this.audience = audience;
      return this;
    }

    /**
     * How long JWTs are valid (default 10 years).
     *
     * @throws IllegalArgumentException if null, zero or negative
     */
    public Builder lifetime(@Nullable Duration lifetime) {
      if (lifetime == null || lifetime.isZero() || lifetime.isNegative()) {
        throw new IllegalArgumentException("lifetime must be positive");
      }
      this.lifetime = lifetime;
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

    /** Sign with each token's own secret (the default). */
    public Builder signWithTokenSecret() {
      this.masterKey = null;
      return this;
    }

    /**
     * Sign with per-token keys derived from {@code masterKey} (at least 32 bytes, copied).
     *
     * @throws IllegalArgumentException if the key is null or shorter than 32 bytes
     */
    public Builder deriveKeysFrom(byte @Nullable [] masterKey) {
      if (masterKey == null || masterKey.length < 32) {
        throw new IllegalArgumentException("master key must be at least 32 bytes");
      }
      this.masterKey = masterKey.clone();
      return this;
    }

    public JwtIssuer build() {
      return new JwtIssuer(this);
    }
  }
}

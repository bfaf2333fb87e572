package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenRecord;

/**
 * Issues the long-term JWT of a server token created with {@link
 * CreateTokenRequest.Builder#issueJwt(boolean)}. Implemented by {@code dev.tokenkit.jwt.JwtIssuer}
 * in {@code token-jwt}; set it with {@link TokenService.Builder#jwtIssuer}. Implementations must be
 * thread-safe and must not store the secret.
 */
public interface TokenJwtIssuer {

  /**
   * The compact JWT for a server token, at its creation or later ({@link TokenService#issueJwt}).
   * Its {@code exp} is {@link #lifetime()} from now, but never later than the token's own expiry: a
   * JWT does not claim a validity its token will not have.
   *
   * @param record the stored server token
   * @param secret its plaintext secret (64 base62 characters); empty when {@link
   *     #needsSealedSecret()} is false and the secret is not at hand
   */
  String issue(TokenRecord record, String secret);

  /**
   * Whether the JWT is verified against the token's own secret, so the service must keep a sealed
   * copy (needs a {@link KeyRing}).
   */
  boolean needsSealedSecret();

  /**
   * How long the JWTs it issues live (default ten years: 3 653 days, which covers any ten calendar
   * years). A server token created with a JWT and no lifetime of its own lives this long too.
   */
  default java.time.Duration lifetime() {
    return java.time.Duration.ofDays(3653);
  }
}

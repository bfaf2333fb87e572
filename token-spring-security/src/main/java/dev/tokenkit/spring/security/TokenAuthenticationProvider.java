package dev.tokenkit.spring.security;

import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtVerifier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;

/**
 * Checks what {@link TokenAuthenticationConverter} read: bearer tokens through {@link
 * TokenService#authenticate}, signed-request headers through {@link TokenService#signedRequests},
 * JWTs through the {@link JwtVerifier} if one is set (else they are malformed tokens). Success is a
 * {@link TokenAuthentication}; refusal is a {@link TokenAuthenticationException} with the status
 * and reason. Never throws anything else for a bad token, whatever its shape. Immutable and
 * thread-safe.
 */
public final class TokenAuthenticationProvider implements AuthenticationProvider {

  private final TokenService tokens;
  private final @Nullable JwtCheck jwt;

  private TokenAuthenticationProvider(TokenService tokens, @Nullable JwtCheck jwt) {
    this.tokens = tokens;
    this.jwt = jwt;
  }

  /**
   * A provider for bearer tokens and signed requests.
   *
   * @throws IllegalArgumentException if {@code tokens} is null
   */
  public static TokenAuthenticationProvider of(@Nullable TokenService tokens) {
    if (tokens == null) {
      throw new IllegalArgumentException("tokens (the TokenService) is required");
    }
    return new TokenAuthenticationProvider(tokens, null);
  }

  /**
   * This provider, also accepting long-term JWTs checked by {@code verifier} (needs token-jwt).
   *
   * @throws IllegalArgumentException if {@code verifier} is null
   */
  public TokenAuthenticationProvider withJwt(@Nullable JwtVerifier verifier) {
    if (verifier == null) {
      throw new IllegalArgumentException("verifier is required");
    }
    return withJwtCheck(new JwtCheck(verifier));
  }

  TokenAuthenticationProvider withJwtCheck(JwtCheck check) {
    return new TokenAuthenticationProvider(tokens, check);
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    if (!(authentication instanceof TokenCredentials credentials)) {
      throw new IllegalArgumentException("not a token credential: " + authentication);
    }
    Object presented = credentials.getCredentials();
    String value = presented instanceof String s ? s : "";
    TokenPrincipal principal =
        switch (credentials.form()) {
          case BEARER -> principalOf(tokens.authenticate(value, credentials.context()));
          case SIGNED -> principalOf(tokens.signedRequests().verify(value, credentials.context()));
          case JWT ->
              jwt == null
                  ? principalOf(AuthResult.rejected(RejectionReason.MALFORMED))
                  : jwt.verify(value, credentials.context());
        };
    return TokenAuthentication.of(principal);
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return TokenCredentials.class.isAssignableFrom(authentication);
  }

  private static TokenPrincipal principalOf(AuthResult result) {
    if (result instanceof AuthResult.Rejected rejected) {
      return fail(TokenAuthenticationException.of(rejected));
    }
    return result.principal().orElseThrow();
  }

  /** Throws {@code e}; typed to fit in expressions. */
  static TokenPrincipal fail(TokenAuthenticationException e) {
    throw e;
  }

  @Override
  public String toString() {
    return "TokenAuthenticationProvider[jwt=" + (jwt != null) + "]";
  }
}

package dev.tokenkit.spring.security;

import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.jwt.JwtResult;
import dev.tokenkit.jwt.JwtVerifier;

/**
 * Checks a bearer JWT. The only class that touches token-jwt, so that module stays optional: it is
 * loaded only when a verifier is configured.
 */
final class JwtCheck {

  private final JwtVerifier verifier;

  JwtCheck(JwtVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * The principal the JWT stands for.
   *
   * @throws TokenAuthenticationException if the JWT or its token is refused
   */
  TokenPrincipal verify(String jwt, RequestContext context) {
    JwtResult result = verifier.verify(jwt, context);
    if (result.valid() && result.principal().isPresent()) {
      return result.principal().get();
    }
    // The same outward answer as a bearer token's: one for every JWT that did not prove itself.
    String reason = String.valueOf(result.outwardError());
    String message = String.valueOf(result.outwardMessage());
    return TokenAuthenticationProvider.fail(
        new TokenAuthenticationException(
            result.httpStatus(),
            reason,
            message,
            result.rejection().orElse(null),
            TokenAuthenticationException.invalidTokenChallenge(message),
            result.rateLimit().orElse(null)));
  }

  @Override
  public String toString() {
    return "JwtCheck[" + verifier + "]";
  }
}

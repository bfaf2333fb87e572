package dev.tokenkit.spring.security;

import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.jwt.JwtResult;
import dev.tokenkit.jwt.JwtVerifier;
import java.util.Locale;

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
    String reason =
        result
            .rejection()
            .map(r -> r.name())
            .orElse(result.failure() == null ? "invalid" : result.failure().name())
            .toLowerCase(Locale.ROOT);
    String message = "invalid JWT (" + reason + ")";
    return TokenAuthenticationProvider.fail(
        new TokenAuthenticationException(
            result.httpStatus(),
            reason,
            message,
            result.rejection().orElse(null),
            TokenAuthenticationException.invalidTokenChallenge(message)));
  }

  @Override
  public String toString() {
    return "JwtCheck[" + verifier + "]";
  }
}

package dev.tokenkit.spring.security;

import dev.tokenkit.core.Decision;
import java.util.Locale;
import org.springframework.security.authorization.AuthorizationDecision;

/**
 * An authorization answer that keeps tokenkit's {@link Decision}, so a denial can say why ({@code
 * READ_ONLY}, {@code OUTSIDE_ROOT}, ...). {@link #NOT_A_TOKEN} denies requests that did not
 * authenticate with a token. Immutable.
 */
public final class TokenAuthorizationDecision extends AuthorizationDecision {

  private static final long serialVersionUID = 1L;

  /** The denial for an authentication that is not a {@link TokenAuthentication}. */
  public static final TokenAuthorizationDecision NOT_A_TOKEN =
      new TokenAuthorizationDecision(Decision.OUTSIDE_SCOPE, "not_a_token");

  private final Decision decision;
  private final String reason;

  private TokenAuthorizationDecision(Decision decision, String reason) {
    super(decision == Decision.ALLOW);
    this.decision = decision;
    this.reason = reason;
  }

  /** The answer for {@code decision}. */
  public static TokenAuthorizationDecision of(Decision decision) {
    return new TokenAuthorizationDecision(decision, decision.name().toLowerCase(Locale.ROOT));
  }

  /** tokenkit's decision. */
  public Decision decision() {
    return decision;
  }

  /** A short lower-case reason for the answer body, e.g. {@code outside_root}. */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return "TokenAuthorizationDecision[" + reason + "]";
  }
}

package dev.tokenkit.spring.security;

import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.store.spi.TokenKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated token. The principal is the {@link TokenPrincipal}; the authorities are its
 * effective permissions as {@code resource:action} strings (scope ∩ owner ∩ acting user, as of this
 * request) plus one kind authority, {@code TOKEN_API}, {@code TOKEN_SERVER} or {@code
 * TOKEN_BROWSER} (no {@code ROLE_} prefix: use {@code hasAuthority}). {@link #getName} is the token
 * id. There are no credentials: the secret is never kept.
 *
 * <p>A browser token is a public key that anyone can copy from a page and send with any {@code
 * Origin}, so its authentication answers {@code false} to {@link #isAuthenticated()}: rules such as
 * {@code .authenticated()} or {@code hasAuthority(...)} do not let it through, only {@link
 * TokenAuthorizations} and {@link TokenExpressions} checks of a permission in its (public-read)
 * scope do. Immutable.
 */
public final class TokenAuthentication extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  /** The authority every token of this kind has, e.g. {@code TOKEN_API}. */
  public static String kindAuthority(TokenKind kind) {
    return "TOKEN_" + kind.name().toUpperCase(Locale.ROOT);
  }

  private final transient TokenPrincipal principal;

  private TokenAuthentication(TokenPrincipal principal, List<GrantedAuthority> authorities) {
    super(authorities);
    this.principal = principal;
    super.setAuthenticated(true);
  }

  /**
   * The authentication of {@code principal}.
   *
   * @throws IllegalArgumentException if {@code principal} is null
   */
  public static TokenAuthentication of(@Nullable TokenPrincipal principal) {
    if (principal == null) {
      throw new IllegalArgumentException("principal is required");
    }
    List<GrantedAuthority> authorities = new ArrayList<>();
    for (String permission : principal.effectivePermissions()) {
      authorities.add(new SimpleGrantedAuthority(permission));
    }
    authorities.add(new SimpleGrantedAuthority(kindAuthority(principal.kind())));
    return new TokenAuthentication(principal, authorities);
  }

  /** False for browser tokens (public keys, see the class comment) and after a logout. */
  @Override
  public boolean isAuthenticated() {
    return isValid() && principal.kind() != TokenKind.BROWSER;
  }

  /** Whether the token authenticated and was not logged out since, whatever its kind. */
  boolean isValid() {
    return super.isAuthenticated();
  }

  @Override
  public TokenPrincipal getPrincipal() {
    return principal;
  }

  /** The token's principal (same as {@link #getPrincipal}, typed). */
  public TokenPrincipal principal() {
    return principal;
  }

  @Override
  public @Nullable Object getCredentials() {
    return null;
  }

  @Override
  public String getName() {
    return principal.tokenId().value();
  }

  /**
   * @throws IllegalArgumentException always when asked to set true: only {@link #of} authenticates
   */
  @Override
  public void setAuthenticated(boolean authenticated) {
    if (authenticated) {
      throw new IllegalArgumentException("use TokenAuthentication.of to authenticate");
    }
    super.setAuthenticated(false);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TokenAuthentication other
        && other.principal.tokenId().equals(principal.tokenId())
        && other.isAuthenticated() == isAuthenticated()
        && Set.copyOf(other.getAuthorities()).equals(Set.copyOf(getAuthorities()));
  }

  @Override
  public int hashCode() {
    return principal.tokenId().hashCode();
  }

  @Override
  public String toString() {
    return "TokenAuthentication[" + principal + ", authorities=" + getAuthorities() + "]";
  }
}

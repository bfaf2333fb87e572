package dev.tokenkit.spring.security;

import dev.tokenkit.core.Permission;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Method-security expressions. Register it as a bean named {@code tokens} and write:
 *
 * <pre>{@code
 * @PreAuthorize("@tokens.can('content:write', #path)")
 * public void write(String path, String text) { ... }
 * }</pre>
 *
 * {@link #can} answers a {@link TokenAuthorizationDecision}, which Spring Security uses as the
 * result, so a denial reaches the {@link TokenAccessDeniedHandler} with its reason. Inside boolean
 * expressions ({@code and}, {@code or}) use {@link #allows}. Reads the current authentication from
 * the {@link SecurityContextHolderStrategy}; stateless and thread-safe.
 */
public final class TokenExpressions {

  private final SecurityContextHolderStrategy contexts;

  /** Expressions over the global {@link SecurityContextHolder}. */
  public TokenExpressions() {
    this(SecurityContextHolder.getContextHolderStrategy());
  }

  /**
   * Expressions over {@code contexts}.
   *
   * @throws IllegalArgumentException if {@code contexts} is null
   */
  public TokenExpressions(@Nullable SecurityContextHolderStrategy contexts) {
    if (contexts == null) {
      throw new IllegalArgumentException("contexts is required");
    }
    this.contexts = contexts;
  }

  /**
   * Whether the current token may use {@code permission} on {@code resource} (null: no resource).
   * Malformed permissions are denied (as outside the scope), not thrown, since expressions run per
   * call.
   */
  public TokenAuthorizationDecision can(@Nullable String permission, @Nullable String resource) {
    if (permission == null || !isPermission(permission)) {
      return TokenAuthorizationDecision.of(dev.tokenkit.core.Decision.OUTSIDE_SCOPE);
    }
    return TokenAuthorizations.decide(
        contexts.getContext().getAuthentication(), permission, resource);
  }

  /** {@link #can(String, String)} without a resource. */
  public TokenAuthorizationDecision can(@Nullable String permission) {
    return can(permission, null);
  }

  /** {@link #can(String, String)} as a boolean, for combining with other expressions. */
  public boolean allows(@Nullable String permission, @Nullable String resource) {
    return can(permission, resource).isGranted();
  }

  private static boolean isPermission(String permission) {
    try {
      Permission.parse(permission);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "TokenExpressions";
  }
}

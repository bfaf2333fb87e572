package dev.tokenkit.core;

/**
 * The answer of {@link TokenPrincipal#authorize}: {@link #ALLOW} or why not. Every denial maps to
 * HTTP 403.
 */
public enum Decision {
  /** The token may do this. */
  ALLOW,
  /** The token's scope does not include the permission (or the permission is not declared). */
  OUTSIDE_SCOPE,
  /** The scope would allow it, but the owner (or the acting user) may not do it now. */
  OWNER_LACKS_PERMISSION,
  /** The resource is not one of the token's root nodes nor below one. */
  OUTSIDE_ROOT,
  /** The token is read-only and the permission is a write. */
  READ_ONLY;

  /** Whether this is {@link #ALLOW}. */
  public boolean isAllowed() {
    return this == ALLOW;
  }

  /** 200 for {@link #ALLOW}, else 403. */
  public int httpStatus() {
    return this == ALLOW ? 200 : 403;
  }
}

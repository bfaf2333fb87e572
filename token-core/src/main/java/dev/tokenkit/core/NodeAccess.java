package dev.tokenkit.core;

/**
 * Host SPI: whether a user may use a permission on one node of the {@link ResourceTree}, for hosts
 * whose users' access differs from node to node (this user may read {@code /docs} but not {@code
 * /hr}). A token inherits this too: {@link TokenPrincipal#authorize} allows only what the token's
 * scope, its roots and its owner's (and acting user's) access to that very node all allow. Without
 * one (the default), only the global permissions of the {@link OwnerDirectory} apply.
 *
 * <p>Called on every {@code authorize} that names a node, so it must be fast (an in-memory or
 * cached answer) and thread-safe. An exception counts as "no".
 */
@FunctionalInterface
public interface NodeAccess {

  /**
   * Whether {@code userId} may use {@code permission} (a catalog permission such as {@code
   * content:write}) on {@code node} now.
   */
  boolean allows(String userId, String permission, String node);
}

package dev.tokenkit.core;

/**
 * The actor may not perform a management operation: an admin permission is missing, or the token
 * would exceed the actor's own permissions. Nothing was written.
 */
public final class TokenAccessDeniedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * A denial with a message that names what is missing.
   *
   * @param message names the missing admin permission or the permissions beyond the actor's own
   */
  public TokenAccessDeniedException(String message) {
    super(message);
  }
}

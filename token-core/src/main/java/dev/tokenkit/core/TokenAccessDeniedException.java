package dev.tokenkit.core;

/**
 * The actor may not perform a management operation: an admin permission is missing, or the token
 * would reach beyond what the actor may do itself (permissions, root nodes, or acting for another
 * user without {@code tokens.impersonate}). Nothing was written. {@link #reason()} tells the two
 * apart for HTTP answers; the message names what is missing.
 */
public final class TokenAccessDeniedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the operation was refused. */
  public enum Reason {
    /** The actor lacks the admin permission the operation needs. */
    ADMIN_PERMISSION_MISSING,
    /**
     * The token could do more than the actor may: permissions or subtrees beyond the actor's, or
     * acting for another user without {@code tokens.impersonate}.
     */
    BEYOND_ACTOR
  }

  private final Reason reason;

  /**
   * A denial for a missing admin permission, with a message that names it.
   *
   * @param message names the missing admin permission
   */
  public TokenAccessDeniedException(String message) {
    this(Reason.ADMIN_PERMISSION_MISSING, message);
  }

  /**
   * A denial for {@code reason}.
   *
   * @param message names the missing admin permission or what the token could do beyond the actor
   */
  public TokenAccessDeniedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Why the operation was refused. */
  public Reason reason() {
    return reason;
  }
}

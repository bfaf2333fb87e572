package dev.tokenkit.core;

/** The admin permissions that management operations require of their {@link Actor}. */
public enum AdminPermission {
  /** Create tokens. */
  CREATE("tokens.create"),
  /** Read and list tokens. */
  READ("tokens.read"),
  /**
   * Edit tokens (name, description, enabled, lifetime, scope, roots, bindings). Edits that make a
   * token reach further also need the token within the actor's own permissions.
   */
  UPDATE("tokens.update"),
  /** Regenerate secrets. */
  REGENERATE("tokens.regenerate"),
  /** Revoke and delete tokens. */
  DELETE("tokens.delete"),
  /**
   * Handle tokens that act for another user than the actor: owned by another user, restricted to
   * another user, or unrestricted server tokens (which may act as any user named in a signed
   * request). Needed on top of the operation's own permission to create such tokens, obtain their
   * secret (regenerate, reveal) or make them reach further.
   */
  IMPERSONATE("tokens.impersonate"),
  /** Reveal a token's secret again (needs a {@link KeyRing}). */
  REVEAL("tokens.reveal"),
  /**
   * See and manage the tokens of every tenant, not only the actor's own ({@link Actor#withTenant});
   * needed on top of the operation's own permission.
   */
  ALL_TENANTS("tokens.all-tenants");

  private final String value;

  AdminPermission(String value) {
    this.value = value;
  }

  /** The permission's name, e.g. {@code tokens.create}. */
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}

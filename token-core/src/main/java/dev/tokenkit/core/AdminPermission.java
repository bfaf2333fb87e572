package dev.tokenkit.core;

/** The admin permissions that management operations require of their {@link Actor}. */
public enum AdminPermission {
  /** Create tokens. */
  CREATE("tokens.create"),
  /** Read and list tokens. */
  READ("tokens.read"),
  /** Edit tokens (name, description, enabled, lifetime, scope, roots, bindings). */
  UPDATE("tokens.update"),
  /** Regenerate secrets. */
  REGENERATE("tokens.regenerate"),
  /** Revoke and delete tokens. */
  DELETE("tokens.delete"),
  /** Create server tokens that may act as any user (not restricted to one). */
  IMPERSONATE("tokens.impersonate"),
  /** Reveal a token's secret again (needs a {@link KeyRing}). */
  REVEAL("tokens.reveal");

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

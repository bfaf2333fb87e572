package dev.tokenkit.store.spi;

/** How a token's permissions are chosen. The token never exceeds its owner in any mode. */
public enum AccessMode {
  /** Every resource, but only the actions the host's catalog declares as reads. */
  READ_ONLY,
  /** Everything the owner may do. */
  FULL_ACCESS,
  /** An explicit set of {@code resource:action} permissions, held in the record's scopes. */
  CUSTOM
}

package dev.tokenkit.store.spi;

/** What a token's owner id names: a user or a group, both answered for by the host's directory. */
public enum OwnerKind {
  /** A user: the token inherits the user's current permissions. */
  USER,
  /** A group: the token inherits the group's current permissions, like a user's. */
  GROUP
}

package dev.tokenkit.core;

import java.util.Optional;

/**
 * Host SPI: looks up token owners (users, and groups if the host has them) as they are now. Called
 * on every authentication of a token that has an owner, so it should be fast (an in-memory or
 * cached lookup); implementations must be thread-safe. A thrown exception makes authentication
 * answer {@link RejectionReason#UNAVAILABLE}.
 */
@FunctionalInterface
public interface OwnerDirectory {

  /** The owner with this id, or empty if no such user exists. */
  Optional<Owner> find(String ownerId);

  /**
   * The user with this user name, for signed requests that name a user as {@code =username}. The
   * default finds nobody.
   */
  default Optional<Owner> findByUsername(String username) {
    return Optional.empty();
  }

  /**
   * The group with this id, for tokens owned by a group: its active state and its current
   * permissions, which such a token inherits as it would a user's. The default finds nobody, so
   * group-owned tokens are refused until the host answers here.
   */
  default Optional<Owner> findGroup(String groupId) {
    return Optional.empty();
  }
}

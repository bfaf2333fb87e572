package dev.tokenkit.core;

import dev.tokenkit.store.spi.OwnerKind;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The host's {@link OwnerDirectory} as the service asks it: a user or group that is known and
 * active, or nothing (a null directory knows nobody). Management calls use {@link #activeOwner},
 * which throws naming the field. Thread-safe when the directory is.
 */
final class OwnerLookup {

  private final @Nullable OwnerDirectory owners;

  OwnerLookup(@Nullable OwnerDirectory owners) {
    this.owners = owners;
  }

  /** The user or group if the directory knows it and it is active, else null. */
  @Nullable Owner activeOwnerOrNull(OwnerKind kind, String ownerId) {
    return owners == null ? null : active(find(owners, kind, ownerId));
  }

  /** The user if the directory knows them and they are active, else null. */
  @Nullable Owner activeOrNull(String userId) {
    return owners == null ? null : active(owners.find(userId));
  }

  /** The active user with this user name (signed requests name users as {@code =username}). */
  @Nullable Owner activeByUsername(String username) {
    return owners == null ? null : active(owners.findByUsername(username));
  }

  private static Optional<Owner> find(OwnerDirectory owners, OwnerKind kind, String ownerId) {
    return kind == OwnerKind.USER ? owners.find(ownerId) : owners.findGroup(ownerId);
  }

  /**
   * What a directory answered, if it is an active owner. A host directory that breaks its contract
   * and answers null counts as finding no one.
   */
  private static @Nullable Owner active(Optional<Owner> found) {
    return found != null && found.isPresent() && found.get().isActive() ? found.get() : null;
  }

  /**
   * The active user {@code userId} for a management operation.
   *
   * @throws IllegalArgumentException naming {@code field} if the user is unknown or inactive
   */
  Owner activeOwner(String field, OwnerKind kind, String ownerId) {
    TokenFields.ownerId(field, ownerId);
    if (owners == null) {
      throw new IllegalArgumentException(field + " given but no OwnerDirectory is configured");
    }
    String what = kind == OwnerKind.USER ? "user" : "group";
    Optional<Owner> owner = find(owners, kind, ownerId);
    if (owner == null || owner.isEmpty()) {
      throw new IllegalArgumentException(field + " names no known " + what);
    }
    if (!owner.get().isActive()) {
      throw new IllegalArgumentException(field + " names a deactivated " + what);
    }
    return owner.get();
  }
}

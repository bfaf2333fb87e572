package dev.tokenkit.core;

import dev.tokenkit.store.spi.OwnerKind;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A user who may own tokens, as the host's {@link OwnerDirectory} reports it now: active or not,
 * and the permissions the user holds now ({@code resource:action}, wildcards allowed). A token
 * never exceeds these. Immutable and thread-safe.
 */
public final class Owner {

  private final String id;
  private final boolean active;
  private final Set<String> permissions;

  private Owner(String id, boolean active, Set<String> permissions) {
    this.id = id;
    this.active = active;
    this.permissions = permissions;
  }

  /**
   * An owner that is active or not, with its current permissions.
   *
   * @throws IllegalArgumentException if {@code id} is null or blank, or the permissions are null or
   *     contain null
   */
  public static Owner of(
      @Nullable String id, boolean active, @Nullable Collection<String> permissions) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("owner id must be non-blank");
    }
    if (permissions == null) {
      throw new IllegalArgumentException("permissions must not be null");
    }
    try {
      return new Owner(id, active, Set.copyOf(permissions));
    } catch (NullPointerException e) {
      throw new IllegalArgumentException("permissions must not contain null", e);
    }
  }

  /** An active owner holding {@code permissions}. */
  public static Owner active(String id, String... permissions) {
    return of(id, true, Set.of(permissions));
  }

  /** A deactivated owner: their tokens are refused with {@link RejectionReason#OWNER_INACTIVE}. */
  public static Owner inactive(String id) {
    return of(id, false, Set.of());
  }

  /** The user's (or group's) id. */
  public String id() {
    return id;
  }

  /** Whether the user is active; tokens of an inactive owner are refused. */
  public boolean isActive() {
    return active;
  }

  /** The permissions the user holds now; patterns outside the catalog are ignored. */
  public Set<String> permissions() {
    return permissions;
  }

  @Override
  public String toString() {
    return "Owner[id=" + id + ", active=" + active + ", permissions=" + permissions.size() + "]";
  }

  /**
   * The host's {@link OwnerDirectory} as the service asks it: a user or group that is known and
   * active, or nothing (a null directory knows nobody). Management calls use {@link #activeOwner},
   * which throws naming the field. Thread-safe when the directory is.
   */
  static final class Lookup {

    private final @Nullable OwnerDirectory owners;

    Lookup(@Nullable OwnerDirectory owners) {
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
     * What a directory answered, if it is an active owner. A host directory that breaks its
     * contract and answers null counts as finding no one.
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
}

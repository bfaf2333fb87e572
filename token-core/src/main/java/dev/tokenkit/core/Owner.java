package dev.tokenkit.core;

import java.util.Collection;
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

  String id() {
    return id;
  }

  boolean isActive() {
    return active;
  }

  /** The permissions the user holds now; patterns outside the catalog are ignored. */
  Set<String> permissions() {
    return permissions;
  }

  @Override
  public String toString() {
    return "Owner[id=" + id + ", active=" + active + ", permissions=" + permissions.size() + "]";
  }
}

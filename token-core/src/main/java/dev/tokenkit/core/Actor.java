package dev.tokenkit.core;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who performs a management operation: a user id, the admin permissions that gate the operations
 * ({@link AdminPermission}), and the user's own permissions ({@code resource:action}, wildcards
 * allowed), which bound every token the actor creates or edits. The host builds an actor from its
 * session for each admin request.
 *
 * <p>Immutable and thread-safe.
 */
public final class Actor {

  private final String id;
  private final Set<AdminPermission> adminPermissions;
  private final Set<String> permissions;

  private Actor(String id, Set<AdminPermission> adminPermissions, Set<String> permissions) {
    this.id = id;
    this.adminPermissions = adminPermissions;
    this.permissions = permissions;
  }

  /**
   * An actor.
   *
   * @throws IllegalArgumentException if {@code id} is blank or a collection is null or holds null
   */
  public static Actor of(
      @Nullable String id,
      @Nullable Collection<AdminPermission> adminPermissions,
      @Nullable Collection<String> permissions) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("actor id must be non-blank");
    }
    if (adminPermissions == null || permissions == null) {
      throw new IllegalArgumentException("adminPermissions and permissions must not be null");
    }
    try {
      Set<AdminPermission> admin = EnumSet.noneOf(AdminPermission.class);
      admin.addAll(adminPermissions);
      return new Actor(id, Set.copyOf(admin), Set.copyOf(permissions));
    } catch (NullPointerException e) {
      throw new IllegalArgumentException("actor permissions must not contain null", e);
    }
  }

  public String id() {
    return id;
  }

  public Set<AdminPermission> adminPermissions() {
    return adminPermissions;
  }

  /** The actor's own permissions. */
  public Set<String> permissions() {
    return permissions;
  }

  /** Whether the actor holds {@code permission}. */
  public boolean has(AdminPermission permission) {
    return adminPermissions.contains(permission);
  }

  /**
   * Throws unless the actor holds {@code permission}.
   *
   * @throws TokenAccessDeniedException naming the missing permission
   */
  public void require(AdminPermission permission) {
    if (!adminPermissions.contains(permission)) {
      throw new TokenAccessDeniedException(
          "actor " + id + " lacks the admin permission " + permission.value());
    }
  }

  @Override
  public String toString() {
    return "Actor[id=" + id + ", admin=" + adminPermissions + "]";
  }
}

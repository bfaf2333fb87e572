package dev.tokenkit.spring.boot;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.Permission;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.core.TokenPrincipal;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;

/**
 * Who the caller of the management API acts as: the {@link Actor} whose admin permissions, own
 * permissions, root nodes and tenant bound every operation. The starter's default, {@link
 * #standard}, takes them from the calling token ({@link #fromTokenScope()}), or for a user signed
 * in through the host's own login (the admin console) from the host's {@link OwnerDirectory}
 * ({@link #fromOwners}); an application that decides admin powers some other way (its own roles,
 * say) defines a bean of this type instead. Whatever it answers, the token service still refuses
 * any token that could do more than the actor.
 *
 * <p>Called once per request; implementations must be thread-safe. The management API records the
 * client address (and the calling token, when there is one) on the actor it returns.
 */
@FunctionalInterface
public interface ManagementActorMapping {

  /**
   * The actor for {@code caller}, a signed-in Spring Security authentication; empty when the caller
   * may not manage tokens at all, answered {@code 403 no_user}.
   */
  Optional<Actor> actorFor(Authentication caller);

  /**
   * The calling token's user, with the admin permissions its scope grants ({@code tokens:create} in
   * the scope grants {@link AdminPermission#CREATE}, and so on), its effective permissions, root
   * nodes and tenant. Empty for a caller that is not a token, or a token that acts for no user.
   */
  static ManagementActorMapping fromTokenScope() {
    return caller -> {
      if (!(caller.getPrincipal() instanceof TokenPrincipal token)) {
        return Optional.empty();
      }
      Set<String> permissions = token.effectivePermissions();
      EnumSet<AdminPermission> admin = adminPermissions(permissions);
      return token
          .actingUserId()
          .map(
              user -> {
                Actor actor =
                    Actor.of(user, admin, permissions).withRootNodes(token.access().rootNodes());
                return token.tenant().map(actor::withTenant).orElse(actor);
              });
    };
  }

  /**
   * A user signed in through the host's own login (a Spring Security session, any authentication
   * but a token's): the user named by {@link Authentication#getName()}, as the host's {@link
   * OwnerDirectory} reports them now, with their permissions (wildcards expanded over {@code
   * catalog}) and the admin permissions those grant ({@code tokens:create} grants {@link
   * AdminPermission#CREATE}, and so on, as for tokens). Empty for an unknown or inactive user, an
   * anonymous caller or a token.
   *
   * @throws IllegalArgumentException if {@code owners} or {@code catalog} is null
   */
  static ManagementActorMapping fromOwners(
      @Nullable OwnerDirectory owners, @Nullable PermissionCatalog catalog) {
    if (owners == null || catalog == null) {
      throw new IllegalArgumentException("owners and catalog are required");
    }
    OwnerDirectory directory = owners;
    PermissionCatalog declaredPermissions = catalog;
    return caller -> {
      if (caller.getPrincipal() instanceof TokenPrincipal
          || caller instanceof AnonymousAuthenticationToken
          || !caller.isAuthenticated()) {
        return Optional.empty();
      }
      return directory
          .find(caller.getName())
          .filter(Owner::isActive)
          .map(
              owner -> {
                Set<String> permissions = new LinkedHashSet<>();
                for (Permission declared : declaredPermissions.permissions()) {
                  if (PermissionPatterns.holds(owner.permissions(), declared)) {
                    permissions.add(declared.toString());
                  }
                }
                return Actor.of(owner.id(), adminPermissions(permissions), permissions);
              });
    };
  }

  /**
   * The starter's default: {@link #fromTokenScope()} for a token, {@link #fromOwners} for a user
   * signed in through the host's login (the admin console's way in).
   *
   * @throws IllegalArgumentException if {@code owners} or {@code catalog} is null
   */
  static ManagementActorMapping standard(
      @Nullable OwnerDirectory owners, @Nullable PermissionCatalog catalog) {
    ManagementActorMapping tokens = fromTokenScope();
    ManagementActorMapping users = fromOwners(owners, catalog);
    return caller ->
        caller.getPrincipal() instanceof TokenPrincipal
            ? tokens.actorFor(caller)
            : users.actorFor(caller);
  }

  /** {@code tokens.create} (admin permission) from {@code tokens:create} in the permissions. */
  private static EnumSet<AdminPermission> adminPermissions(Set<String> permissions) {
    EnumSet<AdminPermission> admin = EnumSet.noneOf(AdminPermission.class);
    for (AdminPermission permission : AdminPermission.values()) {
      if (permissions.contains(permission.value().replace('.', ':'))) {
        admin.add(permission);
      }
    }
    return admin;
  }
}

package dev.tokenkit.spring.boot;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.TokenPrincipal;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;

/**
 * Who the caller of the management API acts as: the {@link Actor} whose admin permissions, own
 * permissions, root nodes and tenant bound every operation. The starter's default, {@link
 * #fromTokenScope()}, takes them from the calling token; an application that decides admin powers
 * some other way (its own roles, say) defines a bean of this type instead. Whatever it answers, the
 * token service still refuses any token that could do more than the actor.
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
      EnumSet<AdminPermission> admin = EnumSet.noneOf(AdminPermission.class);
      for (AdminPermission permission : AdminPermission.values()) {
        // tokens.create (admin permission) <- tokens:create (catalog permission in the scope)
        if (permissions.contains(permission.value().replace('.', ':'))) {
          admin.add(permission);
        }
      }
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
}

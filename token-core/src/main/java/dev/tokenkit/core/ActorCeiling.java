package dev.tokenkit.core;

import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The one rule behind every management call that hands out a credential or extends a token's reach:
 * the actor must be able to create the token as it is (or would be) itself. That is, the token's
 * potential permissions (scope ∩ owner ∩ restricted user) lie within the actor's own, its root
 * nodes lie within the actor's roots, and it acts for no other user (another owner, another
 * restricted user, or any user for an unrestricted server token) unless the actor holds {@link
 * AdminPermission#IMPERSONATE}. Create, regenerate, reveal and widening edits use it; revoke,
 * disable and delete only reduce access and do not.
 *
 * <p>Thread-safe: stateless apart from the immutable rules and the host's directory.
 */
final class ActorCeiling {

  private final PermissionModel rules;

  /** The user or group if known and active, else null; may throw if the directory fails. */
  private final BiFunction<OwnerKind, String, @Nullable Owner> activeOwners;

  ActorCeiling(PermissionModel rules, BiFunction<OwnerKind, String, @Nullable Owner> activeOwners) {
    this.rules = rules;
    this.activeOwners = activeOwners;
  }

  /**
   * Throws unless {@code actor} may hold a credential of {@code token} as described above.
   *
   * @param action what the actor attempts, for the message (e.g. "regenerate")
   * @throws TokenAccessDeniedException naming what the token could do beyond the actor
   */
  void requireMayHold(Actor actor, TokenRecord token, String action) {
    String owner = token.ownerId().orElse(null);
    String restricted = token.access().restrictedUser().orElse(null);
    requireIdentity(actor, token.kind(), token.ownerKind(), owner, restricted, action);
    Set<String> beyond = new TreeSet<>(potentialScope(token));
    // Unknown or inactive owners bound nothing now but might later: count the scope alone.
    Owner ownerFacts = owner == null ? null : activeOwners.apply(token.ownerKind(), owner);
    Owner userFacts = restricted == null ? null : activeOwners.apply(OwnerKind.USER, restricted);
    for (Owner facts : new Owner[] {ownerFacts, userFacts}) {
      if (facts != null) {
        beyond.retainAll(rules.permissionsOf(facts.permissions()));
      }
    }
    beyond.removeAll(rules.permissionsOf(actor.permissions()));
    if (!beyond.isEmpty()) {
      throw new TokenAccessDeniedException(
          TokenAccessDeniedException.Reason.BEYOND_ACTOR,
          "the token would exceed the permissions of actor " + actor.id() + ": " + beyond);
    }
    if (!rootsWithin(token.access().rootNodes(), actor.rootNodes())) {
      throw new TokenAccessDeniedException(
          TokenAccessDeniedException.Reason.BEYOND_ACTOR,
          "the token would reach beyond the root nodes of actor "
              + actor.id()
              + " "
              + actor.rootNodes());
    }
  }

  /**
   * Throws unless {@code actor} may hold a token acting for these users: one that acts for another
   * user than the actor (another owner, a group the actor is not in, another restricted user, or
   * any user named in a signed request for an unrestricted server token) needs {@link
   * AdminPermission#IMPERSONATE}. Checked before any user is looked up, so it tells nothing about
   * which users exist.
   */
  void requireIdentity(
      Actor actor,
      TokenKind kind,
      OwnerKind ownerKind,
      @Nullable String owner,
      @Nullable String restricted,
      String action) {
    if (actor.has(AdminPermission.IMPERSONATE)) {
      return;
    }
    String other = null;
    if (owner != null && ownerKind == OwnerKind.GROUP && !actor.groups().contains(owner)) {
      other = "the token is owned by a group the actor is not in";
    } else if (owner != null && ownerKind == OwnerKind.USER && !owner.equals(actor.id())) {
      other = "the token is owned by another user";
    } else if (restricted != null && !restricted.equals(actor.id())) {
      other = "the token acts as another user";
    } else if (kind == TokenKind.SERVER && restricted == null) {
      other = "an unrestricted server token may act as any user";
    }
    if (other != null) {
      throw new TokenAccessDeniedException(
          "actor "
              + actor.id()
              + " lacks the admin permission "
              + AdminPermission.IMPERSONATE.value()
              + " to "
              + action
              + " this token: "
              + other);
    }
  }

  /**
   * Whether {@code after} may do anything {@code before} may not: enabled again, a later or no
   * expiry, a wider scope, more subtrees, origins or addresses, or another owner or user.
   */
  boolean reachesFurther(TokenRecord before, TokenRecord after) {
    if (after.enabled() && !before.enabled()) {
      return true;
    }
    Instant oldExpiry = before.expiresAt().orElse(null);
    Instant newExpiry = after.expiresAt().orElse(null);
    if (oldExpiry != null && (newExpiry == null || newExpiry.isAfter(oldExpiry))) {
      return true;
    }
    if (!potentialScope(before).containsAll(potentialScope(after))) {
      return true;
    }
    if (!before.ownerId().equals(after.ownerId())
        || before.ownerKind() != after.ownerKind()
        || !before.access().restrictedUser().equals(after.access().restrictedUser())) {
      return true;
    }
    return !rootsWithin(after.access().rootNodes(), before.access().rootNodes())
        || !originsWithin(after.access().allowedOrigins(), before.access().allowedOrigins())
        || !cidrsWithin(after.access().allowedCidrs(), before.access().allowedCidrs());
  }

  /** What a token of this record may ever use, before its users are taken into account. */
  private Set<String> potentialScope(TokenRecord token) {
    if (token.kind() == TokenKind.BROWSER) {
      return rules.browserScope();
    }
    AccessMode mode = token.access().mode();
    return switch (mode) {
      case FULL_ACCESS, READ_ONLY -> rules.scopeOf(mode, List.of());
      // Stored scopes the catalog no longer declares grant nothing, so they are skipped here too.
      case CUSTOM -> rules.permissionsOf(token.access().scopes());
    };
  }

  /**
   * Whether every node the {@code inner} roots reach is reached by the {@code outer} roots (an
   * empty set of roots reaches the whole tree). A tree that fails counts as "no".
   */
  private boolean rootsWithin(Set<String> inner, Set<String> outer) {
    if (outer.isEmpty()) {
      return true;
    }
    if (inner.isEmpty()) {
      return false;
    }
    ResourceTree tree = rules.resourceTree().orElse(null);
    try {
      for (String node : inner) {
        boolean covered = outer.contains(node);
        for (String root : outer) {
          covered = covered || (tree != null && tree.isWithin(node, root));
        }
        if (!covered) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Whether the {@code inner} origin patterns admit no origin that {@code outer} refuses: {@code
   * outer} is empty (no binding), or {@code inner} is a non-empty subset of it. A new pattern
   * counts as wider even when another pattern would cover it.
   */
  private static boolean originsWithin(Set<String> inner, Set<String> outer) {
    return outer.isEmpty() || (!inner.isEmpty() && outer.containsAll(inner));
  }

  /**
   * Whether the {@code inner} CIDR blocks admit no address that {@code outer} refuses: {@code
   * outer} is empty (any address), or {@code inner} is non-empty and each of its blocks lies inside
   * one of {@code outer}'s. Blocks this version cannot read count as wider.
   */
  private static boolean cidrsWithin(Set<String> inner, Set<String> outer) {
    if (outer.isEmpty()) {
      return true;
    }
    if (inner.isEmpty()) {
      return false;
    }
    try {
      List<IpAddresses.Cidr> blocks = new ArrayList<>();
      for (String block : outer) {
        blocks.add(IpAddresses.parseCidr(block));
      }
      for (String block : inner) {
        IpAddresses.Cidr candidate = IpAddresses.parseCidr(block);
        boolean covered = false;
        for (IpAddresses.Cidr b : blocks) {
          covered = covered || b.contains(candidate);
        }
        if (!covered) {
          return false;
        }
      }
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.util.BitSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who a successfully authenticated request acts as, and what it may do: the token, its owner, the
 * acting user, and {@link #authorize}. Effective permissions are the token's scope intersected with
 * the owner's (and the acting user's) permissions as the directory reported them for this request,
 * so demoting a user takes effect on the next request.
 *
 * <p>Immutable and thread-safe; holds no secret material. {@code authorize} looks the one
 * permission up in the token's scopes and the users' permissions (a few set lookups, no
 * allocation), so a request's first check costs no more than any later one.
 */
public final class TokenPrincipal {

  private final TokenRecord record;
  private final @Nullable Owner owner;
  private final @Nullable Owner actingUser;
  private final PermissionModel rules;

  TokenPrincipal(
      TokenRecord record,
      @Nullable Owner owner,
      @Nullable Owner actingUser,
      PermissionModel rules) {
    this.record = record;
    this.owner = owner;
    this.actingUser = actingUser;
    this.rules = rules;
  }

  /**
   * The principal of {@code record} under {@link PermissionModel#none()}, with no owner facts: for
   * tests of host code.
   *
   * @throws IllegalArgumentException if {@code record} is null
   */
  static TokenPrincipal of(@Nullable TokenRecord record) {
    if (record == null) {
      throw new IllegalArgumentException("record is required");
    }
    return new TokenPrincipal(record, null, null, PermissionModel.none());
  }

  public TokenId tokenId() {
    return record.id();
  }

  public TokenKind kind() {
    return record.kind();
  }

  /** The token's display name. */
  public String name() {
    return record.name();
  }

  /** The owner (a user, or a group: see {@link #ownerKind()}) whose permissions bound the token. */
  public Optional<String> ownerId() {
    return record.ownerId();
  }

  /** Whether {@link #ownerId()} names a user or a group. */
  public OwnerKind ownerKind() {
    return record.ownerKind();
  }

  /** The tenant of the token, if the host serves several. */
  public Optional<String> tenant() {
    return record.tenant();
  }

  /**
   * The user the request acts as: the user a signed request names, a server token's restricted
   * user, else the owner if the owner is a user (a group-owned token acts as no one user).
   */
  public Optional<String> actingUserId() {
    if (actingUser != null) {
      return Optional.of(actingUser.id());
    }
    return record.ownerKind() == OwnerKind.USER ? record.ownerId() : Optional.empty();
  }

  /**
   * The token's access settings: mode and scopes, the root nodes it is limited to (empty: the whole
   * tree), its origin and address bindings and restricted user.
   */
  public TokenAccess access() {
    return record.access();
  }

  /**
   * Whether the request may use {@code permission} on {@code resource}. Checks, in order: the
   * permission is declared and in the token's scope ({@link Decision#OUTSIDE_SCOPE}, or {@link
   * Decision#READ_ONLY} for a write on a read-only token), the owner and acting user hold it now
   * ({@link Decision#OWNER_LACKS_PERMISSION}), {@code resource} lies within a root node ({@link
   * Decision#OUTSIDE_ROOT}), and, with a {@link NodeAccess}, the owner and acting user may use the
   * permission on that very node ({@link Decision#OWNER_LACKS_PERMISSION}). Never throws.
   *
   * @param permission a catalog permission such as {@code content:write}
   * @param resource the resource-tree node acted on, such as {@code /docs/guide}; null when the
   *     request concerns no node (then a token limited to roots is refused)
   */
  public Decision authorize(@Nullable String permission, @Nullable String resource) {
    if (permission == null) {
      return Decision.OUTSIDE_SCOPE;
    }
    PermissionCatalog.Entry entry = rules.catalog().entry(permission);
    if (entry == null) {
      return Decision.OUTSIDE_SCOPE;
    }
    if (!rules.scopeAllows(record, entry)) {
      return record.access().mode() == AccessMode.READ_ONLY
              && !entry.read
              && record.kind() != TokenKind.BROWSER
          ? Decision.READ_ONLY
          : Decision.OUTSIDE_SCOPE;
    }
    if (!usersHold(entry)) {
      return Decision.OWNER_LACKS_PERMISSION;
    }
    if (!withinRoots(resource)) {
      return Decision.OUTSIDE_ROOT;
    }
    return resource == null || usersMayOnNode(permission, resource)
        ? Decision.ALLOW
        : Decision.OWNER_LACKS_PERMISSION;
  }

  /** Whether the owner and the acting user may use the permission on this node (host's answer). */
  private boolean usersMayOnNode(String permission, String node) {
    NodeAccess access = rules.nodeAccess();
    if (access == null) {
      return true;
    }
    try {
      for (Owner user : new Owner[] {owner, actingUser}) {
        if (user != null && !access.allows(user.id(), permission, node)) {
          return false;
        }
      }
      return true;
    } catch (RuntimeException e) {
      return false; // a failing host answer never grants access
    }
  }

  /** {@link #authorize(String, String)} for a request that concerns no tree node. */
  public Decision authorize(@Nullable String permission) {
    return authorize(permission, null);
  }

  /**
   * The permissions this request may use now: scope ∩ owner ∩ acting user, as an unmodifiable set
   * in sorted order. Built on each call; to check one permission, {@link #authorize} is cheaper.
   */
  public Set<String> effectivePermissions() {
    BitSet effective = rules.scopeOf(record);
    effective.and(usersBits());
    return rules.catalog().names(effective);
  }

  private boolean withinRoots(@Nullable String resource) {
    Set<String> roots = record.access().rootNodes();
    if (roots.isEmpty()) {
      return true;
    }
    ResourceTree tree = rules.tree();
    if (resource == null || tree == null) {
      return false;
    }
    try {
      for (String root : roots) {
        if (tree.isWithin(resource, root)) {
          return true;
        }
      }
    } catch (RuntimeException e) {
      return false; // a failing tree never grants access
    }
    return false;
  }

  /** Whether the owner and the acting user both hold {@code permission}; see {@link #usersBits}. */
  private boolean usersHold(PermissionCatalog.Entry permission) {
    if (owner == null) {
      if (record.ownerId().isPresent()) {
        return false; // owner facts unknown: grant nothing on the owner's behalf
      }
    } else if (!permission.coveredBy(owner.permissions())) {
      return false;
    }
    return actingUser == null || permission.coveredBy(actingUser.permissions());
  }

  /** What the owner and the acting user both hold; everything when the token has no owner. */
  private BitSet usersBits() {
    PermissionCatalog catalog = rules.catalog();
    BitSet users = catalog.allBits();
    for (Owner user : new Owner[] {owner, actingUser}) {
      if (user != null) {
        users.and(catalog.bitsOf(user.permissions(), null));
      }
    }
    if (record.ownerId().isPresent() && owner == null) {
      users.clear(); // owner facts unknown: grant nothing on the owner's behalf
    }
    return users;
  }

  @Override
  public String toString() {
    return "TokenPrincipal[tokenId="
        + record.id()
        + ", kind="
        + record.kind()
        + ", ownerId="
        + record.ownerId().orElse(null)
        + "]";
  }
}

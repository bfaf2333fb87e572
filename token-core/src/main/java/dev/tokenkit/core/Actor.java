package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Who performs a management operation: a user id, the admin permissions that gate the operations
 * ({@link AdminPermission}), the user's own permissions ({@code resource:action}, wildcards
 * allowed) and, optionally, the root nodes the actor is limited to. Permissions and roots bound
 * every token whose secret the actor obtains or whose reach the actor extends (see {@link
 * TokenService#create}). The host builds an actor from its session for each admin request; an actor
 * acting through a token limited to subtrees should carry that token's root nodes ({@code
 * principal.access().rootNodes()}).
 *
 * <p>Immutable and thread-safe.
 */
public final class Actor {

  private final String id;
  private final Set<AdminPermission> adminPermissions;
  private final Set<String> permissions;
  private final Set<String> rootNodes;
  private final @Nullable String tenant;
  private final Set<String> groups;
  private final @Nullable TokenId tokenId;
  private final @Nullable String clientAddress;

  private Actor(
      String id,
      Set<AdminPermission> adminPermissions,
      Set<String> permissions,
      Set<String> rootNodes,
      @Nullable String tenant,
      Set<String> groups,
      @Nullable TokenId tokenId,
      @Nullable String clientAddress) {
    this.id = id;
    this.adminPermissions = adminPermissions;
    this.permissions = permissions;
    this.rootNodes = rootNodes;
    this.tenant = tenant;
    this.groups = groups;
    this.tokenId = tokenId;
    this.clientAddress = clientAddress;
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
      return new Actor(
          id, Set.copyOf(admin), Set.copyOf(permissions), Set.of(), null, Set.of(), null, null);
    } catch (NullPointerException e) {
      throw new IllegalArgumentException("actor permissions must not contain null", e);
    }
  }

  /**
   * This actor limited to the subtrees below {@code rootNodes} (empty: the whole tree). Tokens it
   * obtains secrets of or extends must then be limited to nodes within these roots.
   *
   * @throws IllegalArgumentException if the collection is null or holds null or blank nodes
   */
  public Actor withRootNodes(@Nullable Collection<String> rootNodes) {
    Set<String> roots = nonBlank(rootNodes, "rootNodes", "nodes");
    return new Actor(
        id, adminPermissions, permissions, roots, tenant, groups, tokenId, clientAddress);
  }

  /**
   * This actor as an admin of one tenant (null: of no tenant, the default). An actor sees and
   * manages only the tokens of its own tenant (an actor without a tenant: only tokens without one),
   * unless it holds {@link AdminPermission#ALL_TENANTS}.
   *
   * @throws IllegalArgumentException if the tenant is blank, longer than 128 characters or holds
   *     control characters
   */
  public Actor withTenant(@Nullable String tenant) {
    if (tenant != null) {
      requireTenant(tenant);
    }
    return new Actor(
        id, adminPermissions, permissions, rootNodes, tenant, groups, tokenId, clientAddress);
  }

  /**
   * This actor as a member of these groups: it may create and extend tokens owned by them without
   * {@link AdminPermission#IMPERSONATE} (within its own permissions, as always).
   *
   * @throws IllegalArgumentException if the collection is null or holds null or blank ids
   */
  public Actor withGroups(@Nullable Collection<String> groups) {
    Set<String> ids = nonBlank(groups, "groups", "ids");
    return new Actor(
        id, adminPermissions, permissions, rootNodes, tenant, ids, tokenId, clientAddress);
  }

  /** An immutable copy of {@code values}, none of them null or blank. */
  private static Set<String> nonBlank(
      @Nullable Collection<String> values, String field, String what) {
    if (values == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    for (String value : values) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(field + " must not contain null or blank " + what);
      }
    }
    return Set.copyOf(values);
  }

  /**
   * Throws unless {@code tenant} is a valid tenant id: 1 to 128 characters, not blank, no control
   * characters.
   *
   * @throws IllegalArgumentException naming the rule
   */
  static void requireTenant(String tenant) {
    boolean control = tenant.chars().anyMatch(Character::isISOControl);
    if (tenant.isBlank() || tenant.length() > 128 || control) {
      throw new IllegalArgumentException(
          "tenant must be 1 to 128 characters, not blank, without control characters");
    }
  }

  /**
   * This actor with where its request came from, for audit events: the token it acted through (when
   * the admin uses a token, as on an admin API) and the client's address. Either may be null.
   *
   * @throws IllegalArgumentException if the address is blank or longer than 256 characters
   */
  public Actor withSource(@Nullable TokenId tokenId, @Nullable String clientAddress) {
    if (clientAddress != null && (clientAddress.isBlank() || clientAddress.length() > 256)) {
      throw new IllegalArgumentException("clientAddress must be 1 to 256 characters");
    }
    return new Actor(
        id, adminPermissions, permissions, rootNodes, tenant, groups, tokenId, clientAddress);
  }

  /** The tenant this actor administers, if any. */
  Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  /** The groups this actor belongs to. */
  Set<String> groups() {
    return groups;
  }

  /** Whether this actor may see and manage tokens of {@code tenant} (null: without a tenant). */
  boolean managesTenant(@Nullable String tenant) {
    return adminPermissions.contains(AdminPermission.ALL_TENANTS)
        || java.util.Objects.equals(tenant, this.tenant);
  }

  /** Whether this actor may see and manage {@code token}, by its tenant. */
  boolean manages(TokenRecord token) {
    return managesTenant(token.tenant().orElse(null));
  }

  /** The token this actor acts through, if the host said so. */
  Optional<TokenId> tokenId() {
    return Optional.ofNullable(tokenId);
  }

  /** The address of this actor's client, if the host said so. */
  Optional<String> clientAddress() {
    return Optional.ofNullable(clientAddress);
  }

  String id() {
    return id;
  }

  Set<AdminPermission> adminPermissions() {
    return adminPermissions;
  }

  /** The actor's own permissions, as given (patterns are not expanded). */
  public Set<String> permissions() {
    return permissions;
  }

  /** The root nodes the actor is limited to; empty means the whole tree. */
  Set<String> rootNodes() {
    return rootNodes;
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
  void require(AdminPermission permission) {
    if (!adminPermissions.contains(permission)) {
      throw new TokenAccessDeniedException(
          "actor " + id + " lacks the admin permission " + permission.value());
    }
  }

  @Override
  public String toString() {
    return "Actor[id="
        + id
        + ", admin="
        + adminPermissions
        + (rootNodes.isEmpty() ? "" : ", roots=" + rootNodes)
        + (tenant == null ? "" : ", tenant=" + tenant)
        + "]";
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The host's access model, in one value the service and its principals share: the {@link
 * PermissionCatalog}, the scope browser tokens get, the {@link ResourceTree} for root-node
 * restrictions, and optionally users' access per node ({@link NodeAccess}).
 *
 * <p>Sets of permissions it returns are unmodifiable and iterate in sorted order.
 *
 * <p>Immutable and thread-safe (the tree must be thread-safe too).
 */
public final class PermissionModel {

  private static final PermissionModel NONE = builder().build();

  private final PermissionCatalog catalog;
  private final BitSet browserScope;
  private final @Nullable ResourceTree tree;
  private final @Nullable NodeAccess nodeAccess;

  private PermissionModel(
      PermissionCatalog catalog,
      BitSet browserScope,
      @Nullable ResourceTree tree,
      @Nullable NodeAccess nodeAccess) {
    this.catalog = catalog;
    this.browserScope = browserScope;
    this.tree = tree;
    this.nodeAccess = nodeAccess;
  }

  /** No permissions declared and no tree: only unscoped full-access tokens make sense. */
  public static PermissionModel none() {
    return NONE;
  }

  /** A builder with an empty catalog, the public-read browser scope and no tree. */
  public static Builder builder() {
    return new Builder();
  }

  PermissionCatalog catalog() {
    return catalog;
  }

  /** The permissions browser tokens are limited to (reads only). */
  Set<String> browserScope() {
    return catalog.names(browserScope);
  }

  /**
   * The concrete permissions a token with this access mode may ever use, before its owner is taken
   * into account: the whole catalog, its reads, or the expansion of the custom scopes.
   *
   * @throws IllegalArgumentException for CUSTOM without scopes, scopes with another mode, or scopes
   *     that are malformed, undeclared or {@code *:*} (listing every such scope)
   */
  Set<String> scopeOf(@Nullable AccessMode mode, @Nullable Collection<String> scopes) {
    if (mode == null || scopes == null) {
      throw new IllegalArgumentException("access mode and scopes are required");
    }
    if (mode == AccessMode.CUSTOM && scopes.isEmpty()) {
      throw new IllegalArgumentException("scopes must not be empty for CUSTOM access");
    }
    if (mode != AccessMode.CUSTOM && !scopes.isEmpty()) {
      throw new IllegalArgumentException("scopes are only allowed with CUSTOM access");
    }
    if (mode == AccessMode.CUSTOM) {
      requireDeclared("scopes", scopes);
    }
    return catalog.names(bitsFor(mode, scopes));
  }

  /**
   * The declared permissions that {@code patterns} (a user's holdings, wildcards allowed) cover;
   * patterns outside the catalog are ignored.
   */
  Set<String> permissionsOf(Collection<String> patterns) {
    return catalog.names(catalog.bitsOf(patterns, null));
  }

  /** The resource tree, if the host configured one. */
  Optional<ResourceTree> resourceTree() {
    return Optional.ofNullable(tree);
  }

  /**
   * Whether a token of this record may ever use {@code permission}, before its owner is taken into
   * account: the one-permission form of {@link #scopeOf(TokenRecord)}, without building the set.
   */
  boolean scopeAllows(TokenRecord record, PermissionCatalog.Entry permission) {
    if (record.kind() == TokenKind.BROWSER) {
      return permission.read && browserScope.get(permission.index);
    }
    return switch (record.access().mode()) {
      case FULL_ACCESS -> true;
      case READ_ONLY -> permission.read;
      case CUSTOM -> permission.coveredBy(record.access().scopes());
    };
  }

  /**
   * The permissions (as catalog bits) a token of this record may ever use, before its owner is
   * taken into account.
   */
  BitSet scopeOf(TokenRecord record) {
    if (record.kind() == TokenKind.BROWSER) {
      BitSet bits = (BitSet) browserScope.clone();
      bits.and(catalog.readBits());
      return bits;
    }
    return bitsFor(record.access().mode(), record.access().scopes());
  }

  private BitSet bitsFor(AccessMode mode, Collection<String> scopes) {
    return switch (mode) {
      case FULL_ACCESS -> catalog.allBits();
      case READ_ONLY -> catalog.readBits();
      case CUSTOM -> catalog.bitsOf(scopes, null);
    };
  }

  /**
   * The catalog bits of {@code patterns}.
   *
   * @throws IllegalArgumentException listing every malformed or undeclared pattern
   */
  BitSet requireDeclared(String field, Collection<String> patterns) {
    List<String> unknown = new ArrayList<>();
    for (String p : patterns) {
      if ("*:*".equals(p)) {
        unknown.add(p); // full access is an access mode, never a listed scope
      }
    }
    BitSet bits = catalog.bitsOf(patterns, unknown);
    if (!unknown.isEmpty()) {
      List<String> quoted = new ArrayList<>();
      unknown.forEach(u -> quoted.add(Quoting.quote(u)));
      throw new IllegalArgumentException(
          field
              + " holds permissions that are malformed, not declared in the catalog"
              + " or '*:*' (full access only)"
              + ": "
              + String.join(", ", quoted));
    }
    return bits;
  }

  @Nullable ResourceTree tree() {
    return tree;
  }

  @Nullable NodeAccess nodeAccess() {
    return nodeAccess;
  }

  @Override
  public String toString() {
    return "PermissionModel[" + catalog.size() + " permissions, tree=" + (tree != null) + "]";
  }

  /** Builds {@link PermissionModel}. Not thread-safe. */
  public static final class Builder {
    private PermissionCatalog catalog = PermissionCatalog.empty();
    private @Nullable Collection<String> browserScope;
    private @Nullable ResourceTree tree;
    private @Nullable NodeAccess nodeAccess;

    private Builder() {}

    /** The declared permissions (default: none). */
    public Builder catalog(@Nullable PermissionCatalog catalog) {
      if (catalog == null) {
        throw new IllegalArgumentException("catalog must not be null");
      }
      this.catalog = catalog;
      return this;
    }

    /**
     * What browser tokens may do: read permissions of the catalog (wildcards allowed). Default: the
     * catalog's public reads. Writes are never granted to browser tokens.
     */
    public Builder browserScope(@Nullable Collection<String> browserScope) {
      if (browserScope == null) {
        throw new IllegalArgumentException("browserScope must not be null");
      }
      this.browserScope = List.copyOf(browserScope);
      return this;
    }

    /** The resource tree for root-node restrictions (default: none; roots are then refused). */
    public Builder resourceTree(@Nullable ResourceTree tree) {
      this.tree = tree;
      return this;
    }

    /**
     * Users' access per node (default: none, only the global permissions of the {@link
     * OwnerDirectory} count): tokens then inherit their owner's access to each node.
     */
    public Builder nodeAccess(@Nullable NodeAccess nodeAccess) {
      this.nodeAccess = nodeAccess;
      return this;
    }

    /**
     * Builds the rules.
     *
     * @throws IllegalArgumentException if the browser scope names undeclared permissions or writes
     */
    public PermissionModel build() {
      PermissionModel draft = new PermissionModel(catalog, catalog.publicBits(), tree, nodeAccess);
      if (browserScope == null) {
        return draft;
      }
      BitSet scope = draft.requireDeclared("browserScope", browserScope);
      BitSet writes = (BitSet) scope.clone();
      writes.andNot(catalog.readBits());
      if (!writes.isEmpty()) {
        throw new IllegalArgumentException(
            "browserScope must hold reads only, not " + catalog.names(writes));
      }
      return new PermissionModel(catalog, scope, tree, nodeAccess);
    }
  }
}

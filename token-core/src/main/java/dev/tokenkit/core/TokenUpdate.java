package dev.tokenkit.core;

import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.OwnerKind;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A partial edit of a token: only the fields that were set change. The token string never changes;
 * use {@link TokenService#regenerate} for a new secret.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenUpdate {

  private final @Nullable String name;
  private final @Nullable String description;
  private final @Nullable Boolean enabled;
  private final @Nullable Lifetime lifetime;
  private final @Nullable AccessMode accessMode;
  private final @Nullable List<String> scopes;
  private final @Nullable List<String> rootNodes;
  private final @Nullable List<String> allowedOrigins;
  private final @Nullable List<String> allowedCidrs;
  private final @Nullable String ownerId;
  private final OwnerKind ownerKind;
  private final boolean changesRestrictedUser;
  private final @Nullable String restrictedUser;

  private TokenUpdate(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.enabled = b.enabled;
    this.lifetime = b.lifetime;
    this.accessMode = b.accessMode;
    this.scopes = b.scopes;
    this.rootNodes = b.rootNodes;
    this.allowedOrigins = b.allowedOrigins;
    this.allowedCidrs = b.allowedCidrs;
    this.ownerId = b.ownerId;
    this.ownerKind = b.ownerKind;
    this.changesRestrictedUser = b.changesRestrictedUser;
    this.restrictedUser = b.restrictedUser;
  }

  /** An empty builder: a build with nothing set changes nothing. */
  public static Builder builder() {
    return new Builder();
  }

  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  public Optional<Boolean> enabled() {
    return Optional.ofNullable(enabled);
  }

  /** A new lifetime, counted from the time of the edit. */
  public Optional<Lifetime> lifetime() {
    return Optional.ofNullable(lifetime);
  }

  /** A new access mode; {@link #scopes()} is present with it. */
  public Optional<AccessMode> accessMode() {
    return Optional.ofNullable(accessMode);
  }

  /** The new CUSTOM permissions (empty for the other modes), set with the access mode. */
  public Optional<List<String>> scopes() {
    return Optional.ofNullable(scopes);
  }

  public Optional<List<String>> rootNodes() {
    return Optional.ofNullable(rootNodes);
  }

  public Optional<List<String>> allowedOrigins() {
    return Optional.ofNullable(allowedOrigins);
  }

  public Optional<List<String>> allowedCidrs() {
    return Optional.ofNullable(allowedCidrs);
  }

  /** A new owner, a user or a group as {@link #ownerKind()} says. */
  public Optional<String> ownerId() {
    return Optional.ofNullable(ownerId);
  }

  /** What a new {@link #ownerId()} names. */
  public OwnerKind ownerKind() {
    return ownerKind;
  }

  /** Whether the edit sets or clears the restricted user of a server token. */
  public boolean changesRestrictedUser() {
    return changesRestrictedUser;
  }

  /**
   * The new restricted user when {@link #changesRestrictedUser()}; empty then means unrestricted.
   */
  public Optional<String> restrictedUser() {
    return Optional.ofNullable(restrictedUser);
  }

  @Override
  public String toString() {
    return "TokenUpdate[accessMode="
        + accessMode
        + ", name="
        + name
        + ", enabled="
        + enabled
        + ", lifetime="
        + lifetime
        + "]";
  }

  /** Builds a {@link TokenUpdate}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String description;
    private @Nullable Boolean enabled;
    private @Nullable Lifetime lifetime;
    private @Nullable AccessMode accessMode;
    private @Nullable List<String> scopes;
    private @Nullable List<String> rootNodes;
    private @Nullable List<String> allowedOrigins;
    private @Nullable List<String> allowedCidrs;
    private @Nullable String ownerId;
    private OwnerKind ownerKind = OwnerKind.USER;
    private boolean changesRestrictedUser;
    private @Nullable String restrictedUser;

    private Builder() {}

    /** A new name (same rules as at creation). */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /** A new description (same rules as at creation; empty clears it). */
    public Builder description(@Nullable String description) {
      this.description = description;
      return this;
    }

    /** Enables or disables the token. Enabling never undoes a revocation. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** A new lifetime, counted from the time of the edit, within the policy. */
    public Builder lifetime(@Nullable Lifetime lifetime) {
      this.lifetime = lifetime;
      return this;
    }

    /**
     * A new access mode and, for CUSTOM, its permissions; never beyond the editor's own.
     *
     * @throws IllegalArgumentException if either is null or the scopes contain null
     */
    public Builder access(@Nullable AccessMode mode, @Nullable Collection<String> scopes) {
      if (mode == null) {
        throw new IllegalArgumentException("access mode must not be null");
      }
      this.accessMode = mode;
      this.scopes = CreateTokenRequest.Builder.copy("scopes", scopes);
      return this;
    }

    /** New root nodes (empty: the whole tree). */
    public Builder rootNodes(@Nullable Collection<String> rootNodes) {
      this.rootNodes = CreateTokenRequest.Builder.copy("rootNodes", rootNodes);
      return this;
    }

    /** New origin patterns (empty: no origin binding, except that browser tokens need one). */
    public Builder allowedOrigins(@Nullable Collection<String> allowedOrigins) {
      this.allowedOrigins = CreateTokenRequest.Builder.copy("allowedOrigins", allowedOrigins);
      return this;
    }

    /** New CIDR blocks (empty: any address). */
    public Builder allowedCidrs(@Nullable Collection<String> allowedCidrs) {
      this.allowedCidrs = CreateTokenRequest.Builder.copy("allowedCidrs", allowedCidrs);
      return this;
    }

    /**
     * Hands the token to another user, with the same checks as at creation: the user must be
     * active, the token must stay within the editor's own permissions, and a user other than the
     * editor needs {@link AdminPermission#IMPERSONATE}.
     */
    public Builder ownerId(@Nullable String userId) {
      this.ownerId = userId;
      this.ownerKind = OwnerKind.USER;
      return this;
    }

    /** Hands the token to a group, with the checks of {@link #ownerId(String)}. */
    public Builder ownerGroup(@Nullable String groupId) {
      this.ownerId = groupId;
      this.ownerKind = OwnerKind.GROUP;
      return this;
    }

    /**
     * Restricts a server token to act as this one user only (MindTouch's {@code
     * restricted-by-user-id}), with the checks of {@link #ownerId(String)}.
     */
    public Builder restrictedUser(@Nullable String userId) {
      if (userId == null) {
        throw new IllegalArgumentException("restrictedUser must not be null (use unrestricted())");
      }
      this.changesRestrictedUser = true;
      this.restrictedUser = userId;
      return this;
    }

    /**
     * Lifts a server token's restriction: it may then act as any user named in a signed request, so
     * this needs {@link AdminPermission#IMPERSONATE}.
     */
    public Builder unrestricted() {
      this.changesRestrictedUser = true;
      this.restrictedUser = null;
      return this;
    }

    public TokenUpdate build() {
      return new TokenUpdate(this);
    }
  }
}

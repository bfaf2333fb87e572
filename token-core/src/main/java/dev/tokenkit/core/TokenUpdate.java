package dev.tokenkit.core;

import dev.tokenkit.store.spi.AccessMode;
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

    public TokenUpdate build() {
      return new TokenUpdate(this);
    }
  }
}

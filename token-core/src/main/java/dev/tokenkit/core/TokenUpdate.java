package dev.tokenkit.core;

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

  private TokenUpdate(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.enabled = b.enabled;
    this.lifetime = b.lifetime;
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

  @Override
  public String toString() {
    return "TokenUpdate[name=" + name + ", enabled=" + enabled + ", lifetime=" + lifetime + "]";
  }

  /** Builds a {@link TokenUpdate}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String description;
    private @Nullable Boolean enabled;
    private @Nullable Lifetime lifetime;

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

    public TokenUpdate build() {
      return new TokenUpdate(this);
    }
  }
}

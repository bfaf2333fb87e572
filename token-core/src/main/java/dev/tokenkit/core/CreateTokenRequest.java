package dev.tokenkit.core;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What to create: name (required), description, owner, lifetime, initial enabled flag and host
 * attributes. The service validates every field when the request is used; see {@link
 * TokenService#create(CreateTokenRequest)} for the rules.
 *
 * <p>Immutable and thread-safe.
 */
public final class CreateTokenRequest {

  private final @Nullable String name;
  private final @Nullable String description;
  private final @Nullable String ownerId;
  private final @Nullable Lifetime lifetime;
  private final boolean enabled;
  private final Map<String, String> attributes;

  private CreateTokenRequest(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.ownerId = b.ownerId;
    this.lifetime = b.lifetime;
    this.enabled = b.enabled;
    this.attributes = b.attributes;
  }

  /** A builder for a token named {@code name}. */
  public static Builder named(@Nullable String name) {
    return new Builder().name(name);
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  public @Nullable String name() {
    return name;
  }

  /** The description; null when none was given. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  public Optional<String> ownerId() {
    return Optional.ofNullable(ownerId);
  }

  /** The lifetime; empty means the policy's default. */
  public Optional<Lifetime> lifetime() {
    return Optional.ofNullable(lifetime);
  }

  public boolean enabled() {
    return enabled;
  }

  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public String toString() {
    return "CreateTokenRequest[name="
        + name
        + ", ownerId="
        + ownerId
        + ", lifetime="
        + lifetime
        + ", enabled="
        + enabled
        + "]";
  }

  /** Builds a {@link CreateTokenRequest}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String description;
    private @Nullable String ownerId;
    private @Nullable Lifetime lifetime;
    private boolean enabled = true;
    private Map<String, String> attributes = Map.of();

    private Builder() {}

    /** The display name: 1 to 100 characters after trimming, unique ignoring case. */
    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    /** At most 1000 characters. */
    public Builder description(@Nullable String description) {
      this.description = description;
      return this;
    }

    /** The user whose permissions the token inherits. */
    public Builder ownerId(@Nullable String ownerId) {
      this.ownerId = ownerId;
      return this;
    }

    /** How long the token lives; unset means the policy's default lifetime. */
    public Builder lifetime(@Nullable Lifetime lifetime) {
      this.lifetime = lifetime;
      return this;
    }

    /** Whether the token starts enabled (default true). */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Host attributes stored with the token.
     *
     * @throws IllegalArgumentException if {@code attributes} is null or holds null keys or values
     */
    public Builder attributes(@Nullable Map<String, String> attributes) {
      try {
        this.attributes = Map.copyOf(attributes);
      } catch (NullPointerException e) {
        throw new IllegalArgumentException("attributes must not be null or contain nulls", e);
      }
      return this;
    }

    public CreateTokenRequest build() {
      return new CreateTokenRequest(this);
    }
  }
}

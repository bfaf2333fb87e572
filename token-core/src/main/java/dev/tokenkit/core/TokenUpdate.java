package dev.tokenkit.core;

import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.TokenAccess;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
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
  private final @Nullable UnaryOperator<TokenAccess> access;
  private final @Nullable String ownerId;
  private final OwnerKind ownerKind;
  private final boolean changesUses;
  private final @Nullable Long uses;
  private final boolean changesRefill;
  private final @Nullable Duration usesRefill;

  private TokenUpdate(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.enabled = b.enabled;
    this.lifetime = b.lifetime;
    this.access = b.access;
    this.ownerId = b.ownerId;
    this.ownerKind = b.ownerKind;
    this.changesUses = b.changesUses;
    this.uses = b.uses;
    this.changesRefill = b.changesRefill;
    this.usesRefill = b.usesRefill;
  }

  /** Whether the edit sets the refill (to {@link #usesRefill()}: null for none). */
  boolean changesRefill() {
    return changesRefill;
  }

  @Nullable Duration usesRefill() {
    return usesRefill;
  }

  /** Whether the edit sets the remaining uses (to {@link #uses()}: null for unlimited). */
  boolean changesUses() {
    return changesUses;
  }

  @Nullable Long uses() {
    return uses;
  }

  /** An empty builder: a build with nothing set changes nothing. */
  public static Builder builder() {
    return new Builder();
  }

  Optional<String> name() {
    return Optional.ofNullable(name);
  }

  Optional<String> description() {
    return Optional.ofNullable(description);
  }

  Optional<Boolean> enabled() {
    return Optional.ofNullable(enabled);
  }

  /** A new lifetime, counted from the time of the edit. */
  Optional<Lifetime> lifetime() {
    return Optional.ofNullable(lifetime);
  }

  /** The change of the access settings, applied to the settings as stored. */
  Optional<UnaryOperator<TokenAccess>> access() {
    return Optional.ofNullable(access);
  }

  /** A new owner, a user or a group as {@link #ownerKind()} says. */
  Optional<String> ownerId() {
    return Optional.ofNullable(ownerId);
  }

  /** What a new {@link #ownerId()} names. */
  OwnerKind ownerKind() {
    return ownerKind;
  }

  @Override
  public String toString() {
    return "TokenUpdate[name="
        + name
        + ", enabled="
        + enabled
        + ", lifetime="
        + lifetime
        + (access == null ? "" : ", access changed")
        + (ownerId == null ? "" : ", ownerId=" + ownerId)
        + "]";
  }

  /** Builds a {@link TokenUpdate}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String name;
    private @Nullable String description;
    private @Nullable Boolean enabled;
    private @Nullable Lifetime lifetime;
    private @Nullable UnaryOperator<TokenAccess> access;
    private @Nullable String ownerId;
    private OwnerKind ownerKind = OwnerKind.USER;
    private boolean changesUses;
    private @Nullable Long uses;
    private boolean changesRefill;
    private @Nullable Duration usesRefill;

    private Builder() {}

    /**
     * Gives the token its uses (as set now, or by {@link #uses(long)} in this edit) again every
     * {@code period}, the first period starting at the edit.
     *
     * @throws IllegalArgumentException unless whole seconds from 1 minute to 366 days
     */
    public Builder usesRefill(@Nullable Duration period) {
      this.usesRefill = TokenFields.usesRefill(period);
      this.changesRefill = true;
      return this;
    }

    /** Stops the uses coming back: what is left is all there is. */
    public Builder noUsesRefill() {
      this.usesRefill = null;
      this.changesRefill = true;
      return this;
    }

    /**
     * Sets the remaining uses to {@code uses} (replacing what is left).
     *
     * @throws IllegalArgumentException unless 1 to {@value
     *     dev.tokenkit.store.spi.UseRefill#MAX_USES}
     */
    public Builder uses(long uses) {
      this.uses = TokenFields.uses(uses);
      this.changesUses = true;
      return this;
    }

    /** Lifts the use limit: the token may authenticate any number of times. */
    public Builder unlimitedUses() {
      this.uses = null;
      this.changesUses = true;
      return this;
    }

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
     * Changes the access settings: {@code change} receives the token's settings as stored and
     * returns the wanted ones, for example {@code a -> a.withRootNodes(List.of("/docs"))} or {@code
     * a -> a.withRestrictedUser(null)}. It runs inside the update, again on a compare-and-set
     * retry, so it should only derive the new value. Changed settings are checked as at creation; a
     * new restricted user must be active, and settings that reach further (more scope, other nodes,
     * fewer bindings, another or no restricted user) must stay within the editor, where lifting a
     * server token's restriction needs {@link AdminPermission#IMPERSONATE}. Calls compose: the
     * second change receives the first one's result.
     *
     * @throws IllegalArgumentException if {@code change} is null
     */
    public Builder access(@Nullable UnaryOperator<TokenAccess> change) {
      if (change == null) {
        throw new IllegalArgumentException("access change must not be null");
      }
      UnaryOperator<TokenAccess> before = this.access;
      this.access = before == null ? change : a -> change.apply(before.apply(a));
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

    public TokenUpdate build() {
      return new TokenUpdate(this);
    }
  }
}

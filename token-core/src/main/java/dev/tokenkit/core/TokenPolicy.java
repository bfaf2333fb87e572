package dev.tokenkit.core;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Host rules that token creation and editing enforce. Defaults: unlimited tokens allowed, no
 * maximum lifetime, owner optional, regeneration grace period at most 7 days, default lifetime 30
 * days.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenPolicy {

  /** The longest duration a policy takes: beyond it, instants leave every supported range. */
  private static final Duration LONGEST = Duration.ofDays(3_652_500);

  private static final TokenPolicy DEFAULTS = builder().build();

  private final @Nullable Duration maxLifetime;
  private final boolean allowUnlimited;
  private final boolean allowOwnerless;
  private final Duration maxGracePeriod;
  private final Lifetime defaultLifetime;

  private TokenPolicy(Builder b) {
    this.maxLifetime = b.maxLifetime;
    this.allowUnlimited = b.allowUnlimited;
    this.allowOwnerless = b.allowOwnerless;
    this.maxGracePeriod = b.maxGracePeriod;
    this.defaultLifetime = b.defaultLifetime;
  }

  /** The default policy. */
  public static TokenPolicy defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The longest lifetime a token may get at creation or edit; empty means no cap. */
  Optional<Duration> maxLifetime() {
    return Optional.ofNullable(maxLifetime);
  }

  /** Whether tokens that never expire may be created. */
  boolean allowUnlimited() {
    return allowUnlimited;
  }

  /**
   * Whether tokens without an owner may be created and may authenticate (default false: every token
   * acts for a user or group, and a token without one is refused with {@code OWNER_INACTIVE}, 401).
   */
  boolean allowOwnerless() {
    return allowOwnerless;
  }

  /** The longest grace period {@code regenerate} accepts for the old secret. */
  Duration maxGracePeriod() {
    return maxGracePeriod;
  }

  /** The lifetime of a token whose creation request names none. */
  Lifetime defaultLifetime() {
    return defaultLifetime;
  }

  @Override
  public String toString() {
    return "TokenPolicy[maxLifetime="
        + maxLifetime
        + ", allowUnlimited="
        + allowUnlimited
        + ", allowOwnerless="
        + allowOwnerless
        + ", maxGracePeriod="
        + maxGracePeriod
        + ", defaultLifetime="
        + defaultLifetime
        + "]";
  }

  /** Builds a {@link TokenPolicy}. Not thread-safe. */
  public static final class Builder {
    private @Nullable Duration maxLifetime;
    private boolean allowUnlimited = true;
    private boolean allowOwnerless;
    private Duration maxGracePeriod = Duration.ofDays(7);
    private Lifetime defaultLifetime = Lifetime.THIRTY_DAYS;

    private Builder() {}

    /**
     * Caps token lifetimes; implies that unlimited tokens are refused.
     *
     * @throws IllegalArgumentException if {@code max} is null, zero or negative
     */
    public Builder maxLifetime(@Nullable Duration max) {
      if (max == null || max.isZero() || max.isNegative() || max.compareTo(LONGEST) > 0) {
        throw new IllegalArgumentException("maxLifetime must be positive and at most 10000 years");
      }
      this.maxLifetime = max;
      return this;
    }

    /** Whether tokens that never expire may be created (default true). */
    public Builder allowUnlimited(boolean allow) {
      this.allowUnlimited = allow;
      return this;
    }

    /**
     * Opts in to tokens without an owner (default false): service tokens that must outlive any
     * user, bounded by their scope alone. Without it, every token has an owner whose current
     * permissions bound it, and a token without one is refused (401), as Squiz does when no user is
     * selected.
     */
    public Builder allowOwnerless(boolean allow) {
      this.allowOwnerless = allow;
      return this;
    }

    /**
     * The longest grace period for an old secret after regeneration (default 7 days).
     *
     * @throws IllegalArgumentException if {@code max} is null or negative
     */
    public Builder maxGracePeriod(@Nullable Duration max) {
      if (max == null || max.isNegative() || max.compareTo(LONGEST) > 0) {
        throw new IllegalArgumentException("maxGracePeriod must be 0 to 10000 years");
      }
      this.maxGracePeriod = max;
      return this;
    }

    /**
     * The lifetime used when a creation request names none (default 30 days).
     *
     * @throws IllegalArgumentException if {@code lifetime} is null
     */
    public Builder defaultLifetime(@Nullable Lifetime lifetime) {
      if (lifetime == null) {
        throw new IllegalArgumentException("defaultLifetime is required");
      }
      this.defaultLifetime = lifetime;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws IllegalArgumentException if the default lifetime breaks the policy's own limits
     */
    public TokenPolicy build() {
      if (defaultLifetime.isUnlimited() && (!allowUnlimited || maxLifetime != null)) {
        throw new IllegalArgumentException(
            "defaultLifetime is unlimited but the policy forbids unlimited tokens");
      }
      if (maxLifetime != null
          && defaultLifetime.duration() != null
          && defaultLifetime.duration().compareTo(maxLifetime) > 0) {
        throw new IllegalArgumentException(
            "defaultLifetime " + defaultLifetime + " exceeds maxLifetime " + maxLifetime);
      }
      return new TokenPolicy(this);
    }
  }
}

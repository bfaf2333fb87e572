package dev.tokenkit.store.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Criteria for {@link TokenStore#list}: optional tenant, owner, kind and state; all given criteria
 * must match. A state criterion is evaluated at {@link #asOf()}; stores refuse a state criterion
 * without that instant, while {@code TokenService.list} fills in its clock's now.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenFilter {

  private static final TokenFilter ALL = new TokenFilter(false, null, null, null, null, null);

  private final boolean restrictsTenant;
  private final @Nullable String tenant;
  private final @Nullable String ownerId;
  private final @Nullable TokenKind kind;
  private final @Nullable TokenState state;
  private final @Nullable Instant asOf;

  private TokenFilter(
      boolean restrictsTenant,
      @Nullable String tenant,
      @Nullable String ownerId,
      @Nullable TokenKind kind,
      @Nullable TokenState state,
      @Nullable Instant asOf) {
    this.restrictsTenant = restrictsTenant;
    this.tenant = tenant;
    this.ownerId = ownerId;
    this.kind = kind;
    this.state = state;
    this.asOf = asOf;
  }

  /** Matches every token. */
  public static TokenFilter all() {
    return ALL;
  }

  /** A builder with no criteria. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these criteria. */
  public Builder toBuilder() {
    Builder b = new Builder().ownerId(ownerId).kind(kind).state(state, asOf);
    return restrictsTenant ? b.tenant(tenant) : b;
  }

  /** Whether only the tokens of one tenant ({@link #tenant()}, or none) match. */
  public boolean restrictsTenant() {
    return restrictsTenant;
  }

  /**
   * The tenant whose tokens match when {@link #restrictsTenant()}; empty then means the tokens
   * without a tenant.
   */
  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  public Optional<String> ownerId() {
    return Optional.ofNullable(ownerId);
  }

  public Optional<TokenKind> kind() {
    return Optional.ofNullable(kind);
  }

  public Optional<TokenState> state() {
    return Optional.ofNullable(state);
  }

  /** The instant a state criterion is evaluated at. */
  public Optional<Instant> asOf() {
    return Optional.ofNullable(asOf);
  }

  /**
   * Whether {@code record} satisfies every criterion. Store implementations may use this.
   *
   * @throws IllegalArgumentException if there is a state criterion but no {@link #asOf()} instant
   */
  public boolean matches(TokenRecord record) {
    if (state != null) {
      if (asOf == null) {
        throw new IllegalArgumentException("a state filter needs the instant to evaluate it at");
      }
      if (state != record.stateAt(asOf)) {
        return false;
      }
    }
    return (!restrictsTenant || Objects.equals(tenant, record.tenant().orElse(null)))
        && (ownerId == null || ownerId.equals(record.ownerId().orElse(null)))
        && (kind == null || kind == record.kind());
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof TokenFilter f
        && f.restrictsTenant == restrictsTenant
        && Objects.equals(f.tenant, tenant)
        && Objects.equals(f.ownerId, ownerId)
        && f.kind == kind
        && f.state == state
        && Objects.equals(f.asOf, asOf);
  }

  @Override
  public int hashCode() {
    return Objects.hash(restrictsTenant, tenant, ownerId, kind, state, asOf);
  }

  @Override
  public String toString() {
    return "TokenFilter["
        + (restrictsTenant ? "tenant=" + tenant + ", " : "")
        + "ownerId="
        + ownerId
        + ", kind="
        + kind
        + ", state="
        + state
        + ", asOf="
        + asOf
        + "]";
  }

  /** Builds a {@link TokenFilter}. Not thread-safe. */
  public static final class Builder {
    private boolean restrictsTenant;
    private @Nullable String tenant;
    private @Nullable String ownerId;
    private @Nullable TokenKind kind;
    private @Nullable TokenState state;
    private @Nullable Instant asOf;

    private Builder() {}

    /** Only the tokens of this tenant; null means only the tokens without a tenant. */
    public Builder tenant(@Nullable String tenant) {
      this.restrictsTenant = true;
      this.tenant = tenant;
      return this;
    }

    /** Tokens of every tenant and none (the default). */
    public Builder anyTenant() {
      this.restrictsTenant = false;
      this.tenant = null;
      return this;
    }

    /** Only tokens owned by this user or group id (null: any owner). */
    public Builder ownerId(@Nullable String ownerId) {
      this.ownerId = ownerId;
      return this;
    }

    /** Only tokens of this kind (null: any kind). */
    public Builder kind(@Nullable TokenKind kind) {
      this.kind = kind;
      return this;
    }

    /** Only tokens in {@code state} (null: any state), evaluated at {@link #asOf}. */
    public Builder state(@Nullable TokenState state) {
      this.state = state;
      return this;
    }

    /** Only tokens in {@code state} at {@code asOf}. */
    public Builder state(@Nullable TokenState state, @Nullable Instant asOf) {
      this.state = state;
      this.asOf = asOf;
      return this;
    }

    /** The instant a state criterion is evaluated at. */
    public Builder asOf(@Nullable Instant asOf) {
      this.asOf = asOf;
      return this;
    }

    public TokenFilter build() {
      return new TokenFilter(restrictsTenant, tenant, ownerId, kind, state, asOf);
    }
  }
}

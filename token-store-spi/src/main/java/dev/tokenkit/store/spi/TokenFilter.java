package dev.tokenkit.store.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Criteria for {@link TokenStore#list}: optional owner, kind and state; all given criteria must
 * match. A state criterion needs the instant at which states are evaluated.
 *
 * <p>Immutable and thread-safe.
 */
public final class TokenFilter {

  private static final TokenFilter ALL = new TokenFilter(null, null, null, null);

  private final String ownerId;
  private final TokenKind kind;
  private final TokenState state;
  private final Instant asOf;

  private TokenFilter(String ownerId, TokenKind kind, TokenState state, Instant asOf) {
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

  public Optional<String> ownerId() {
    return Optional.ofNullable(ownerId);
  }

  public Optional<TokenKind> kind() {
    return Optional.ofNullable(kind);
  }

  public Optional<TokenState> state() {
    return Optional.ofNullable(state);
  }

  /** The instant states are evaluated at; present exactly when a state criterion is. */
  public Optional<Instant> asOf() {
    return Optional.ofNullable(asOf);
  }

  /** Whether {@code record} satisfies every criterion. Store implementations may use this. */
  public boolean matches(TokenRecord record) {
    return (ownerId == null || ownerId.equals(record.ownerId().orElse(null)))
        && (kind == null || kind == record.kind())
        && (state == null || state == record.stateAt(asOf));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenFilter
        && Objects.equals(((TokenFilter) o).ownerId, ownerId)
        && ((TokenFilter) o).kind == kind
        && ((TokenFilter) o).state == state
        && Objects.equals(((TokenFilter) o).asOf, asOf);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ownerId, kind, state, asOf);
  }

  @Override
  public String toString() {
    return "TokenFilter[ownerId=" + ownerId + ", kind=" + kind + ", state=" + state
        + ", asOf=" + asOf + "]";
  }

  /** Builds a {@link TokenFilter}. Not thread-safe. */
  public static final class Builder {
    private String ownerId;
    private TokenKind kind;
    private TokenState state;
    private Instant asOf;

    private Builder() {}

    /** Only tokens owned by this user id (null: any owner). */
    public Builder ownerId(String ownerId) {
      this.ownerId = ownerId;
      return this;
    }

    /** Only tokens of this kind (null: any kind). */
    public Builder kind(TokenKind kind) {
      this.kind = kind;
      return this;
    }

    /** Only tokens in {@code state} at {@code asOf} (a null state clears the criterion). */
    public Builder state(TokenState state, Instant asOf) {
      this.state = state;
      this.asOf = asOf;
      return this;
    }

    /**
     * @throws IllegalArgumentException if a state is given without an instant
     */
    public TokenFilter build() {
      if (state == null) {
        return new TokenFilter(ownerId, kind, null, null);
      }
      if (asOf == null) {
        throw new IllegalArgumentException("a state filter needs the instant to evaluate it at");
      }
      return new TokenFilter(ownerId, kind, state, asOf);
    }
  }
}

package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a token. Never carries a secret, a hash or a full token string; only
 * ids, names, reasons and the changed non-secret fields.
 *
 * <p>Immutable and thread-safe.
 */
public final class AuditEvent {

  /** What happened. */
  public enum Type {
    CREATED,
    /** A management edit; {@link #changes()} lists the changed fields. */
    UPDATED,
    REGENERATED,
    REVOKED,
    DELETED,
    /** An admin revealed the token's secret again (the event never holds it). */
    REVEALED,
    /** An admin had a new long-term JWT issued for a server token (the event never holds it). */
    JWT_ISSUED,
    AUTHENTICATED,
    /** A failed authentication; {@link #reason()} says why. */
    REJECTED,
    /**
     * A leaked-token report proved the token's secret public and the token was revoked; {@link
     * #changes()} holds one entry, {@code source}, with where it was found (such as a URL).
     */
    LEAKED,
    /**
     * The token expires soon: sent once per expiry by {@link TokenService#noticeExpiring}; {@link
     * #changes()} holds one entry, {@code expiresAt}, with the expiry as ISO-8601.
     */
    EXPIRING
  }

  /** One changed field of an {@link Type#UPDATED} event, with its old and new value as text. */
  public static final class Change {
    private final String field;
    private final @Nullable String oldValue;
    private final @Nullable String newValue;

    private Change(String field, @Nullable String oldValue, @Nullable String newValue) {
      this.field = field;
      this.oldValue = oldValue;
      this.newValue = newValue;
    }

    /**
     * A change of {@code field}.
     *
     * @param field the field name, e.g. {@code "name"}
     * @param oldValue the previous value as text, or null if it had none
     * @param newValue the new value as text, or null if it has none now
     * @throws IllegalArgumentException if {@code field} is null
     */
    static Change of(@Nullable String field, @Nullable String oldValue, @Nullable String newValue) {
      if (field == null) {
        throw new IllegalArgumentException("field is required");
      }
      return new Change(field, oldValue, newValue);
    }

    public String field() {
      return field;
    }

    public Optional<String> oldValue() {
      return Optional.ofNullable(oldValue);
    }

    public Optional<String> newValue() {
      return Optional.ofNullable(newValue);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Change c
          && c.field.equals(field)
          && Objects.equals(c.oldValue, oldValue)
          && Objects.equals(c.newValue, newValue);
    }

    @Override
    public int hashCode() {
      return Objects.hash(field, oldValue, newValue);
    }

    @Override
    public String toString() {
      return field + ": " + oldValue + " -> " + newValue;
    }
  }

  private final Type type;
  private final Instant at;
  private final @Nullable TokenId tokenId;
  private final @Nullable String tokenName;
  private final @Nullable RejectionReason reason;
  private final @Nullable String actorId;
  private final List<Change> changes;
  private final @Nullable TokenId actorTokenId;
  private final @Nullable String clientAddress;
  private final @Nullable String tenant;

  private AuditEvent(
      Type type,
      Instant at,
      @Nullable TokenId tokenId,
      @Nullable String tokenName,
      @Nullable String actorId,
      @Nullable RejectionReason reason,
      List<Change> changes,
      @Nullable TokenId actorTokenId,
      @Nullable String clientAddress,
      @Nullable String tenant) {
    this.type = type;
    this.at = at;
    this.tokenId = tokenId;
    this.tokenName = tokenName;
    this.actorId = actorId;
    this.reason = reason;
    this.changes = changes;
    this.actorTokenId = actorTokenId;
    this.clientAddress = clientAddress;
    this.tenant = tenant;
  }

  /**
   * An event about a token.
   *
   * @param type what happened (not {@link Type#REJECTED}: use {@link #rejected})
   * @param at when
   * @param tokenId the token
   * @param tokenName its name at the time, or null
   * @param actorId the admin who performed a management operation, or null
   * @param changes the changed fields (empty unless {@code type} is UPDATED)
   * @throws IllegalArgumentException if a required argument is null or {@code type} is REJECTED
   */
  static AuditEvent of(
      @Nullable Type type,
      @Nullable Instant at,
      @Nullable TokenId tokenId,
      @Nullable String tokenName,
      @Nullable String actorId,
      @Nullable List<Change> changes) {
    if (type == null || at == null || tokenId == null || changes == null) {
      throw new IllegalArgumentException("type, at, tokenId and changes are required");
    }
    if (type == Type.REJECTED) {
      throw new IllegalArgumentException("use AuditEvent.rejected for REJECTED events");
    }
    return new AuditEvent(
        type, at, tokenId, tokenName, actorId, null, List.copyOf(changes), null, null, null);
  }

  /**
   * A rejected authentication.
   *
   * @param at when
   * @param tokenId the presented token's id, or null if the token was malformed
   * @param reason why
   * @throws IllegalArgumentException if {@code at} or {@code reason} is null
   */
  static AuditEvent rejected(
      @Nullable Instant at, @Nullable TokenId tokenId, @Nullable RejectionReason reason) {
    if (at == null || reason == null) {
      throw new IllegalArgumentException("at and reason are required");
    }
    return new AuditEvent(
        Type.REJECTED, at, tokenId, null, null, reason, List.of(), null, null, null);
  }

  /**
   * This event with where it came from: the token an admin acted through (management events), and
   * the client's address (management and authentication events).
   */
  AuditEvent withSource(@Nullable TokenId actorTokenId, @Nullable String clientAddress) {
    return copy(actorTokenId, clientAddress, tenant);
  }

  /** This event with the tenant of its token (null: none). */
  AuditEvent withTenant(@Nullable String tenant) {
    return copy(actorTokenId, clientAddress, tenant);
  }

  private AuditEvent copy(
      @Nullable TokenId actorTokenId, @Nullable String clientAddress, @Nullable String tenant) {
    return new AuditEvent(
        type,
        at,
        tokenId,
        tokenName,
        actorId,
        reason,
        changes,
        actorTokenId,
        clientAddress,
        tenant);
  }

  /**
   * The tenant of the token, on management and {@link Type#AUTHENTICATED} events of a token that
   * has one; rejections carry none (the token may not even exist).
   */
  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  public Type type() {
    return type;
  }

  /** When it happened, by the service's clock. */
  public Instant at() {
    return at;
  }

  /** The token concerned; empty only for a rejected malformed token. */
  public Optional<TokenId> tokenId() {
    return Optional.ofNullable(tokenId);
  }

  /** The token's name at the time, when known. */
  public Optional<String> tokenName() {
    return Optional.ofNullable(tokenName);
  }

  /** The admin who performed a management operation; empty for authentication events. */
  public Optional<String> actorId() {
    return Optional.ofNullable(actorId);
  }

  /** The token the admin acted through, when the host said so ({@link Actor#withSource}). */
  public Optional<TokenId> actorTokenId() {
    return Optional.ofNullable(actorTokenId);
  }

  /** The client's address, from the request context or the actor, when known. */
  public Optional<String> clientAddress() {
    return Optional.ofNullable(clientAddress);
  }

  /** Why authentication was rejected; present only for {@link Type#REJECTED}. */
  public Optional<RejectionReason> reason() {
    return Optional.ofNullable(reason);
  }

  /** The changed fields of an {@link Type#UPDATED} event; empty otherwise. */
  public List<Change> changes() {
    return changes;
  }

  @Override
  public String toString() {
    return "AuditEvent["
        + type
        + " at "
        + at
        + ", tokenId="
        + tokenId
        + (tenant == null ? "" : ", tenant=" + tenant)
        + (actorId == null ? "" : ", actorId=" + actorId)
        + (actorTokenId == null ? "" : ", actorTokenId=" + actorTokenId)
        + (clientAddress == null ? "" : ", clientAddress=" + clientAddress)
        + (reason == null ? "" : ", reason=" + reason)
        + (changes.isEmpty() ? "" : ", changes=" + changes)
        + "]";
  }
}

package dev.tokenkit.store.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything a store persists about one token. The plaintext secret is never part of a record; only
 * its {@link HashedSecret} (and, optionally, a sealed copy) is.
 *
 * <p>Records are immutable values: every collection is an unmodifiable sorted copy, and {@link
 * #equals(Object)} compares every field. Build one with {@link #builder()} or change one with
 * {@link #toBuilder()}. The record checks its structure (required fields present, no nulls inside
 * collections); business rules such as name length live in the token service. {@link #toString()}
 * never prints secret material.
 *
 * <p>Thread-safe.
 */
public final class TokenRecord {

  private static final long NO_EXPIRY = Long.MIN_VALUE;
  // Joins tenant and name in a name key; a control character no tenant or name may contain.
  private static final char TENANT_SEPARATOR = '\u001f';

  private final TokenId id;
  // The id's packed form again, so that hasId compares without loading the id object.
  private final long idHigh;
  private final long idLow;
  private final TokenKind kind;
  private final String name;
  private final String nameKey;
  private final String description;
  private final @Nullable String tenant;
  private final @Nullable String ownerId;
  private final OwnerKind ownerKind;
  // The current secret's hash. A 32-byte one (what tokenkit writes) is kept inline, so that
  // authentication reads it from the record itself: one dependent load fewer per request. Any other
  // stays a HashedSecret in otherSecret. secretPepper is 0 when there is no secret.
  private final int secretPepper;
  private final long secret0;
  private final long secret1;
  private final long secret2;
  private final long secret3;
  private final @Nullable HashedSecret otherSecret;
  private final @Nullable SensitiveBytes sealedSecret;
  private final @Nullable HashedSecret previousSecret;
  private final @Nullable Instant previousSecretValidUntil;
  private final TokenAccess access;
  private final boolean enabled;
  private final Instant createdAt;
  private final Instant updatedAt;
  // Expiry as primitives (NO_EXPIRY when unlimited): checked on every authentication, and an
  // Instant would be one more object to load from cold memory.
  private final long expirySeconds;
  private final int expiryNanos;
  private final @Nullable Instant lastUsedAt;
  private final @Nullable Instant revokedAt;
  private final @Nullable Instant jwtIssuedAt;
  private final @Nullable Instant expiryNoticeFor;
  private final @Nullable Long remainingUses;
  private final @Nullable UseRefill usesRefill;
  private final SortedMap<String, String> attributes;
  private final long version;

  private TokenRecord(Builder b) {
    this.id = required(b.id, "id");
    this.idHigh = id.packedHigh();
    this.idLow = id.packedLow();
    this.kind = required(b.kind, "kind");
    this.name = required(b.name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    this.tenant = b.tenant;
    if (tenant != null && (tenant.isBlank() || tenant.indexOf(TENANT_SEPARATOR) >= 0)) {
      throw new IllegalArgumentException("tenant must be non-blank and without U+001F");
    }
    this.nameKey = nameKey(tenant, name);
    this.description = required(b.description, "description");
    this.ownerId = b.ownerId;
    this.ownerKind = required(b.ownerKind, "ownerKind");
    HashedSecret secret = b.secret;
    this.secretPepper = secret == null ? 0 : secret.pepperVersion();
    if (secret != null && secret.isWords()) {
      this.secret0 = secret.word(0);
      this.secret1 = secret.word(1);
      this.secret2 = secret.word(2);
      this.secret3 = secret.word(3);
      this.otherSecret = null;
    } else {
      this.secret0 = 0;
      this.secret1 = 0;
      this.secret2 = 0;
      this.secret3 = 0;
      this.otherSecret = secret;
    }
    if (kind != TokenKind.BROWSER && secret == null) {
      throw new IllegalArgumentException("secret is required for " + kind + " tokens");
    }
    this.sealedSecret = b.sealedSecret;
    this.previousSecret = b.previousSecret;
    this.previousSecretValidUntil = b.previousSecretValidUntil;
    if ((previousSecret == null) != (previousSecretValidUntil == null)) {
      throw new IllegalArgumentException(
          "previousSecret and previousSecretValidUntil must be set together");
    }
    this.access = required(b.access, "access");
    this.enabled = b.enabled;
    this.createdAt = required(b.createdAt, "createdAt");
    this.updatedAt = b.updatedAt == null ? createdAt : b.updatedAt;
    this.expirySeconds = b.expiresAt == null ? NO_EXPIRY : b.expiresAt.getEpochSecond();
    this.expiryNanos = b.expiresAt == null ? 0 : b.expiresAt.getNano();
    this.lastUsedAt = b.lastUsedAt;
    this.revokedAt = b.revokedAt;
    this.jwtIssuedAt = b.jwtIssuedAt;
    this.expiryNoticeFor = b.expiryNoticeFor;
    if (b.remainingUses != null && b.remainingUses < 0) {
      throw new IllegalArgumentException("remainingUses must not be negative");
    }
    this.remainingUses = b.remainingUses;
    if (b.usesRefill != null && b.remainingUses == null) {
      throw new IllegalArgumentException("usesRefill needs remainingUses");
    }
    this.usesRefill = b.usesRefill;
    this.attributes = sortedCopy(required(b.attributes, "attributes"));
    if (b.version < 0) {
      throw new IllegalArgumentException("version must not be negative, was " + b.version);
    }
    this.version = b.version;
  }

  /** A builder with every field unset, {@code enabled} true and full access. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every field of this record. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The key under which names are unique: the name folded to lower case ({@link Locale#ROOT}).
   * Stores enforce uniqueness of this key, so {@code "CI"} and {@code "ci"} clash.
   */
  public static String nameKey(String name) {
    return name.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  /**
   * The key under which names are unique within a tenant: {@link #nameKey(String)} alone for a
   * token without a tenant, else the tenant, U+001F and that key. So each tenant has its own names,
   * and keys of tokens without a tenant are what they were before tenants existed.
   */
  public static String nameKey(@Nullable String tenant, String name) {
    return tenant == null ? nameKey(name) : tenant + TENANT_SEPARATOR + nameKey(name);
  }

  /** The state of this token at {@code now}; see {@link TokenState} for precedence. */
  public TokenState stateAt(Instant now) {
    if (revokedAt != null) {
      return TokenState.REVOKED;
    }
    if (!enabled) {
      return TokenState.DISABLED;
    }
    if (isExpiredAt(now)) {
      return TokenState.EXPIRED;
    }
    return TokenState.ACTIVE;
  }

  private @Nullable Instant expiresAtOrNull() {
    return expirySeconds == NO_EXPIRY ? null : Instant.ofEpochSecond(expirySeconds, expiryNanos);
  }

  /** Whether the token has an expiry and {@code now} is at or after it. */
  public boolean isExpiredAt(Instant now) {
    if (expirySeconds == NO_EXPIRY) {
      return false;
    }
    long seconds = now.getEpochSecond();
    return seconds > expirySeconds || (seconds == expirySeconds && now.getNano() >= expiryNanos);
  }

  public TokenId id() {
    return id;
  }

  /**
   * Whether this record's id is {@code id} (false for null). Equivalent to {@code id().equals(id)},
   * but reads only this record: stores that probe many records per lookup use it.
   */
  public boolean hasId(@Nullable TokenId id) {
    return id != null && id.packedHigh() == idHigh && id.packedLow() == idLow;
  }

  public TokenKind kind() {
    return kind;
  }

  /** The display name, unique among the tokens of its tenant ignoring case. */
  public String name() {
    return name;
  }

  /** {@link #nameKey(String, String)} of {@link #tenant()} and {@link #name()}. */
  public String nameKey() {
    return nameKey;
  }

  /** The description; empty when none was given. */
  public String description() {
    return description;
  }

  /**
   * The tenant the token belongs to, if the host serves several; set at creation, never changed.
   */
  public Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  /** The user or group whose permissions the token inherits, if any; see {@link #ownerKind()}. */
  public Optional<String> ownerId() {
    return Optional.ofNullable(ownerId);
  }

  /** Whether {@link #ownerId()} names a user (the default) or a group. */
  public OwnerKind ownerKind() {
    return ownerKind;
  }

  /** The hashed current secret; empty only for browser tokens, which have none. */
  public Optional<HashedSecret> secret() {
    return Optional.ofNullable(secretOrNull());
  }

  private @Nullable HashedSecret secretOrNull() {
    if (secretPepper == 0 || otherSecret != null) {
      return otherSecret;
    }
    // Built on request from the inline words: a small fresh object (about 40 bytes per
    // authentication, measured) instead of a pointer to follow into cold memory.
    return HashedSecret.ofWords(secretPepper, secret0, secret1, secret2, secret3);
  }

  /** The secret sealed with a host key (for view-again and signing), if the host enabled that. */
  public Optional<SensitiveBytes> sealedSecret() {
    return Optional.ofNullable(sealedSecret);
  }

  /** The secret replaced by the last regeneration, while its grace period lasts. */
  public Optional<HashedSecret> previousSecret() {
    return Optional.ofNullable(previousSecret);
  }

  /**
   * The end (exclusive) of the previous secret's grace period; set with {@link #previousSecret}.
   */
  public Optional<Instant> previousSecretValidUntil() {
    return Optional.ofNullable(previousSecretValidUntil);
  }

  /** The access settings: mode and scopes, root nodes, origins, CIDR blocks, restricted user. */
  public TokenAccess access() {
    return access;
  }

  /** Whether the token is enabled; disabled tokens are kept but refused. */
  public boolean enabled() {
    return enabled;
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** The last change through the management API; equals {@link #createdAt()} until then. */
  public Instant updatedAt() {
    return updatedAt;
  }

  /** The expiry instant (exclusive); empty means unlimited. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAtOrNull());
  }

  /** The last successful authentication recorded by a usage flush, if any. */
  public Optional<Instant> lastUsedAt() {
    return Optional.ofNullable(lastUsedAt);
  }

  /** When the token was revoked, if it was. */
  public Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAt);
  }

  /**
   * When a long-term JWT was last issued for this token, if ever: a JWT is not visible on the token
   * itself, so lists show this mark instead.
   */
  public Optional<Instant> jwtIssuedAt() {
    return Optional.ofNullable(jwtIssuedAt);
  }

  /**
   * The expiry an expiry notice was last sent for, if any: a notice is due again only when the
   * token's expiry differs from this (it was extended) and approaches again.
   */
  public Optional<Instant> expiryNoticeFor() {
    return Optional.ofNullable(expiryNoticeFor);
  }

  /**
   * How many more times the token may authenticate, if its uses are limited (each success uses one,
   * through {@link TokenStore#consumeUse}); empty for unlimited use.
   */
  public OptionalLong remainingUses() {
    return remainingUses == null ? OptionalLong.empty() : OptionalLong.of(remainingUses);
  }

  /** How the remaining uses come back each period, if they do. */
  public Optional<UseRefill> usesRefill() {
    return Optional.ofNullable(usesRefill);
  }

  /** Free-form host attributes, sorted by key. */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** The optimistic-locking version; a store increments it on every {@code update}. */
  public long version() {
    return version;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TokenRecord r)) {
      return false;
    }
    return enabled == r.enabled
        && version == r.version
        && id.equals(r.id)
        && kind == r.kind
        && name.equals(r.name)
        && description.equals(r.description)
        && Objects.equals(tenant, r.tenant)
        && Objects.equals(ownerId, r.ownerId)
        && ownerKind == r.ownerKind
        && Objects.equals(secretOrNull(), r.secretOrNull())
        && Objects.equals(sealedSecret, r.sealedSecret)
        && Objects.equals(previousSecret, r.previousSecret)
        && Objects.equals(previousSecretValidUntil, r.previousSecretValidUntil)
        && access.equals(r.access)
        && createdAt.equals(r.createdAt)
        && updatedAt.equals(r.updatedAt)
        && expirySeconds == r.expirySeconds
        && expiryNanos == r.expiryNanos
        && Objects.equals(lastUsedAt, r.lastUsedAt)
        && Objects.equals(revokedAt, r.revokedAt)
        && Objects.equals(jwtIssuedAt, r.jwtIssuedAt)
        && Objects.equals(expiryNoticeFor, r.expiryNoticeFor)
        && Objects.equals(remainingUses, r.remainingUses)
        && Objects.equals(usesRefill, r.usesRefill)
        && attributes.equals(r.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, version);
  }

  /** Public fields only: no hash and no sealed secret. */
  @Override
  public String toString() {
    return "TokenRecord[id="
        + id
        + ", kind="
        + kind
        + ", name="
        + name
        + (tenant == null ? "" : ", tenant=" + tenant)
        + ", ownerId="
        + ownerId
        + (ownerKind == OwnerKind.USER ? "" : " (" + ownerKind + ")")
        + ", access="
        + access.mode()
        + ", enabled="
        + enabled
        + ", createdAt="
        + createdAt
        + ", expiresAt="
        + expiresAtOrNull()
        + ", revokedAt="
        + revokedAt
        + ", version="
        + version
        + "]";
  }

  private static <T> T required(@Nullable T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
    return value;
  }

  private static SortedMap<String, String> sortedCopy(Map<String, String> values) {
    if (values.isEmpty()) {
      return Collections.emptySortedMap();
    }
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("attributes must not contain null keys or values");
      }
      copy.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableSortedMap(copy);
  }

  /**
   * Builds a {@link TokenRecord}. Required: id, kind, name, createdAt, and a secret unless the kind
   * is BROWSER. Not thread-safe; {@link #build()} validates and copies.
   */
  public static final class Builder {
    private @Nullable TokenId id;
    private @Nullable TokenKind kind;
    private @Nullable String name;
    private @Nullable String description = "";
    private @Nullable String tenant;
    private @Nullable String ownerId;
    private @Nullable OwnerKind ownerKind = OwnerKind.USER;
    private @Nullable HashedSecret secret;
    private @Nullable SensitiveBytes sealedSecret;
    private @Nullable HashedSecret previousSecret;
    private @Nullable Instant previousSecretValidUntil;
    private @Nullable TokenAccess access = TokenAccess.fullAccess();
    private boolean enabled = true;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    private @Nullable Instant expiresAt;
    private @Nullable Instant lastUsedAt;
    private @Nullable Instant revokedAt;
    private @Nullable Instant jwtIssuedAt;
    private @Nullable Instant expiryNoticeFor;
    private @Nullable Long remainingUses;
    private @Nullable UseRefill usesRefill;
    private @Nullable Map<String, String> attributes = Map.of();
    private long version;

    private Builder() {}

    private Builder(TokenRecord r) {
      id = r.id;
      kind = r.kind;
      name = r.name;
      description = r.description;
      tenant = r.tenant;
      ownerId = r.ownerId;
      ownerKind = r.ownerKind;
      secret = r.secretOrNull();
      sealedSecret = r.sealedSecret;
      previousSecret = r.previousSecret;
      previousSecretValidUntil = r.previousSecretValidUntil;
      access = r.access;
      enabled = r.enabled;
      createdAt = r.createdAt;
      updatedAt = r.updatedAt;
      expiresAt = r.expiresAtOrNull();
      lastUsedAt = r.lastUsedAt;
      revokedAt = r.revokedAt;
      jwtIssuedAt = r.jwtIssuedAt;
      expiryNoticeFor = r.expiryNoticeFor;
      remainingUses = r.remainingUses;
      usesRefill = r.usesRefill;
      attributes = r.attributes;
      version = r.version;
    }

    public Builder id(@Nullable TokenId id) {
      this.id = id;
      return this;
    }

    public Builder kind(@Nullable TokenKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder name(@Nullable String name) {
      this.name = name;
      return this;
    }

    public Builder description(@Nullable String description) {
      this.description = description;
      return this;
    }

    /** The tenant, or null for none (hosts that serve one customer). */
    public Builder tenant(@Nullable String tenant) {
      this.tenant = tenant;
      return this;
    }

    /** The owner's id, or null for a token without an owner. */
    public Builder ownerId(@Nullable String ownerId) {
      this.ownerId = ownerId;
      return this;
    }

    /** Whether the owner id names a user (the default) or a group. */
    public Builder ownerKind(@Nullable OwnerKind ownerKind) {
      this.ownerKind = ownerKind;
      return this;
    }

    public Builder secret(@Nullable HashedSecret secret) {
      this.secret = secret;
      return this;
    }

    public Builder sealedSecret(@Nullable SensitiveBytes sealedSecret) {
      this.sealedSecret = sealedSecret;
      return this;
    }

    /** Sets or (with two nulls) clears the previous secret and the end of its grace period. */
    public Builder previousSecret(
        @Nullable HashedSecret previousSecret, @Nullable Instant validUntil) {
      this.previousSecret = previousSecret;
      this.previousSecretValidUntil = validUntil;
      return this;
    }

    /** The access settings; defaults to {@link TokenAccess#fullAccess()}. */
    public Builder access(@Nullable TokenAccess access) {
      this.access = access;
      return this;
    }

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    public Builder createdAt(@Nullable Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Defaults to {@code createdAt} when unset. */
    public Builder updatedAt(@Nullable Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    /** The expiry, or null for unlimited. */
    public Builder expiresAt(@Nullable Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder lastUsedAt(@Nullable Instant lastUsedAt) {
      this.lastUsedAt = lastUsedAt;
      return this;
    }

    public Builder revokedAt(@Nullable Instant revokedAt) {
      this.revokedAt = revokedAt;
      return this;
    }

    /** When a long-term JWT was last issued, or null if never. */
    public Builder jwtIssuedAt(@Nullable Instant jwtIssuedAt) {
      this.jwtIssuedAt = jwtIssuedAt;
      return this;
    }

    /** How many more uses the token has (0 or more), or null for unlimited use. */
    public Builder remainingUses(@Nullable Long remainingUses) {
      this.remainingUses = remainingUses;
      return this;
    }

    /** How the remaining uses come back each period, or null if they do not. */
    public Builder usesRefill(@Nullable UseRefill usesRefill) {
      this.usesRefill = usesRefill;
      return this;
    }

    /** The expiry an expiry notice was last sent for, or null if none was. */
    public Builder expiryNoticeFor(@Nullable Instant expiryNoticeFor) {
      this.expiryNoticeFor = expiryNoticeFor;
      return this;
    }

    public Builder attributes(@Nullable Map<String, String> attributes) {
      this.attributes = attributes;
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    /**
     * Validates and builds the record.
     *
     * @throws IllegalArgumentException naming the first missing or malformed field
     */
    public TokenRecord build() {
      return new TokenRecord(this);
    }
  }
}

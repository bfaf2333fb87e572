package dev.tokenkit.core;

import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What to create: kind, name (required), description, owner, lifetime, access mode and scopes, root
 * nodes, client bindings, a server token's restricted user, the initial enabled flag and host
 * attributes. The service validates every field when the request is used; see {@link
 * TokenService#create} for the rules.
 *
 * <p>Immutable and thread-safe.
 */
public final class CreateTokenRequest {

  private final TokenKind kind;
  private final @Nullable String name;
  private final @Nullable String description;
  private final @Nullable String tenant;
  private final @Nullable String ownerId;
  private final OwnerKind ownerKind;
  private final boolean ownerless;
  private final @Nullable Lifetime lifetime;
  private final boolean enabled;
  private final TokenAccess access;
  private final boolean issueJwt;
  private final Map<String, String> attributes;
  private final @Nullable Long uses;
  private final @Nullable Duration usesRefill;

  private CreateTokenRequest(Builder b) {
    this.kind = b.kind;
    this.name = b.name;
    this.description = b.description;
    this.tenant = b.tenant;
    this.ownerId = b.ownerId;
    this.ownerKind = b.ownerKind;
    this.ownerless = b.ownerless;
    this.lifetime = b.lifetime;
    this.enabled = b.enabled;
    this.access = b.access;
    this.issueJwt = b.issueJwt;
    this.attributes = b.attributes;
    this.uses = b.uses;
    this.usesRefill = b.usesRefill;
  }

  /** A builder for an API token named {@code name}. */
  public static Builder named(@Nullable String name) {
    return new Builder().name(name);
  }

  /** An empty builder (kind API, full access, enabled). */
  public static Builder builder() {
    return new Builder();
  }

  TokenKind kind() {
    return kind;
  }

  @Nullable String name() {
    return name;
  }

  /** The description; empty when none was given. */
  Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** The tenant; empty means the acting admin's tenant (or none). */
  Optional<String> tenant() {
    return Optional.ofNullable(tenant);
  }

  /** Whether {@link #ownerId()} names a user (the default) or a group. */
  OwnerKind ownerKind() {
    return ownerKind;
  }

  /** The owner; empty means the acting admin, unless {@link #ownerless()}. */
  Optional<String> ownerId() {
    return Optional.ofNullable(ownerId);
  }

  /** Whether the token has no owner at all (then its scope alone bounds it). */
  boolean ownerless() {
    return ownerless;
  }

  /** The lifetime; empty means the policy's default. */
  Optional<Lifetime> lifetime() {
    return Optional.ofNullable(lifetime);
  }

  boolean enabled() {
    return enabled;
  }

  /** The access settings (default: full access, no bindings). */
  TokenAccess access() {
    return access;
  }

  /** Whether a long-term JWT is issued with a server token. */
  boolean issueJwt() {
    return issueJwt;
  }

  /** How many times the token may authenticate; null for unlimited. */
  @Nullable Long uses() {
    return uses;
  }

  /** How often the uses come back; null for never. */
  @Nullable Duration usesRefill() {
    return usesRefill;
  }

  Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public String toString() {
    return "CreateTokenRequest[kind="
        + kind
        + ", name="
        + name
        + ", ownerId="
        + ownerId
        + ", access="
        + access
        + ", lifetime="
        + lifetime
        + ", enabled="
        + enabled
        + "]";
  }

  /** Builds a {@link CreateTokenRequest}. Not thread-safe. */
  public static final class Builder {
    private TokenKind kind = TokenKind.API;
    private @Nullable String name;
    private @Nullable String description;
    private @Nullable String tenant;
    private @Nullable String ownerId;
    private OwnerKind ownerKind = OwnerKind.USER;
    private boolean ownerless;
    private @Nullable Lifetime lifetime;
    private boolean enabled = true;
    private TokenAccess access = TokenAccess.fullAccess();
    private boolean issueJwt;
    private Map<String, String> attributes = Map.of();
    private @Nullable Long uses;
    private @Nullable Duration usesRefill;

    private Builder() {}

    /**
     * Gives the token its {@link #uses(long)} again every {@code period}, counted from its creation
     * (unused ones do not carry over). Needs {@code uses}.
     *
     * @throws IllegalArgumentException unless whole seconds from 1 minute to 366 days
     */
    public Builder usesRefill(@Nullable Duration period) {
      this.usesRefill = TokenFields.usesRefill(period);
      return this;
    }

    /**
     * Limits the token to {@code uses} successful authentications (default: unlimited); each uses
     * one, atomically across threads and nodes, and then it is refused with {@link
     * RejectionReason#USAGE_EXCEEDED}.
     *
     * @throws IllegalArgumentException unless 1 to {@value
     *     dev.tokenkit.store.spi.UseRefill#MAX_USES}
     */
    public Builder uses(long uses) {
      this.uses = TokenFields.uses(uses);
      return this;
    }

    /**
     * The kind of token (default API).
     *
     * @throws IllegalArgumentException if null
     */
    public Builder kind(@Nullable TokenKind kind) {
      if (kind == null) {
        throw new IllegalArgumentException("kind must not be null");
      }
      this.kind = kind;
      return this;
    }

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

    /** The user whose permissions the token inherits (default: the acting admin). */
    public Builder ownerId(@Nullable String ownerId) {
      this.ownerId = ownerId;
      this.ownerKind = OwnerKind.USER;
      this.ownerless = false;
      return this;
    }

    /**
     * A group as the owner: the token inherits the group's current permissions, as the host's
     * {@link OwnerDirectory#findGroup} reports them.
     */
    public Builder ownerGroup(@Nullable String groupId) {
      this.ownerId = groupId;
      this.ownerKind = OwnerKind.GROUP;
      this.ownerless = false;
      return this;
    }

    /**
     * The tenant the token belongs to, fixed for its life (default: the acting admin's tenant).
     * Another tenant than the actor's needs {@link AdminPermission#ALL_TENANTS}.
     *
     * @throws IllegalArgumentException if the tenant is blank, longer than 128 characters or holds
     *     control characters
     */
    public Builder tenant(@Nullable String tenant) {
      if (tenant != null) {
        Actor.requireTenant(tenant);
      }
      this.tenant = tenant;
      return this;
    }

    /**
     * A token with no owner, bounded by its own scope alone. Refused unless the service's policy
     * opts in with {@link TokenPolicy.Builder#allowOwnerless(boolean)}.
     */
    public Builder withoutOwner() {
      this.ownerId = null;
      this.ownerKind = OwnerKind.USER;
      this.ownerless = true;
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
     * The access settings: mode and scopes, root nodes, browser origins, client CIDR blocks and
     * (for server tokens) the restricted user. Default: {@link TokenAccess#fullAccess()}. The
     * service checks them at {@link TokenService#create}: scopes declared in the catalog, nodes
     * that exist, origin patterns such as {@code example.com}, {@code *.example.com} or {@code
     * https://example.com:8443} (an element may be a comma-separated list), CIDR blocks that parse,
     * and an active restricted user.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder access(@Nullable TokenAccess access) {
      if (access == null) {
        throw new IllegalArgumentException("access must not be null");
      }
      this.access = access;
      return this;
    }

    /**
     * For server tokens: also issue a long-term JWT, returned once in {@link IssuedToken#jwt()} and
     * never stored (needs a {@link TokenJwtIssuer} on the service).
     */
    public Builder issueJwt(boolean issueJwt) {
      this.issueJwt = issueJwt;
      return this;
    }

    /**
     * Host attributes stored with the token.
     *
     * @throws IllegalArgumentException if {@code attributes} is null or holds null keys or values
     */
    public Builder attributes(@Nullable Map<String, String> attributes) {
      if (attributes == null) {
        throw new IllegalArgumentException("attributes must not be null");
      }
      try {
        this.attributes = Map.copyOf(attributes);
      } catch (NullPointerException e) {
        throw new IllegalArgumentException("attributes must not contain nulls", e);
      }
      return this;
    }

    public CreateTokenRequest build() {
      return new CreateTokenRequest(this);
    }
  }
}

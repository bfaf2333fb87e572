package dev.tokenkit.store.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A token's access settings, in one value: the access mode and its scopes, the root nodes it is
 * confined to, the browser origins and client address blocks it is bound to, the user a server
 * token is restricted to, and its rate limits. Create requests, updates and stored records all
 * carry this value.
 *
 * <p>Start from {@link #fullAccess()}, {@link #readOnly()} or {@link #custom(String...)} and narrow
 * with the {@code with...} methods; each returns a new value. Every step checks structure at once
 * and names the field: no null collections or elements, and scopes only with {@link
 * AccessMode#CUSTOM} (which needs at least one). Whether scopes are declared, nodes exist, origin
 * patterns and CIDR blocks parse, and users are active is checked by the token service when the
 * value is used.
 *
 * <p>Immutable and thread-safe: every collection is an unmodifiable sorted copy; equal settings are
 * equal values.
 */
public final class TokenAccess {

  /** The most rate limits one token may carry. */
  public static final int MAX_RATE_LIMITS = 4;

  private static final SortedSet<String> NONE = Collections.emptySortedSet();
  private static final TokenAccess FULL_ACCESS =
      new TokenAccess(AccessMode.FULL_ACCESS, NONE, NONE, NONE, NONE, null, List.of());
  private static final TokenAccess READ_ONLY =
      new TokenAccess(AccessMode.READ_ONLY, NONE, NONE, NONE, NONE, null, List.of());

  private final AccessMode mode;
  private final SortedSet<String> scopes;
  private final SortedSet<String> rootNodes;
  private final SortedSet<String> allowedOrigins;
  private final SortedSet<String> allowedCidrs;
  private final @Nullable String restrictedUser;
  private final List<RateLimit> rateLimits;

  private TokenAccess(
      AccessMode mode,
      SortedSet<String> scopes,
      SortedSet<String> rootNodes,
      SortedSet<String> allowedOrigins,
      SortedSet<String> allowedCidrs,
      @Nullable String restrictedUser,
      List<RateLimit> rateLimits) {
    this.mode = mode;
    this.scopes = scopes;
    this.rootNodes = rootNodes;
    this.allowedOrigins = allowedOrigins;
    this.allowedCidrs = allowedCidrs;
    this.restrictedUser = restrictedUser;
    this.rateLimits = rateLimits;
  }

  /** Everything the owner may do (the default of a new token). */
  public static TokenAccess fullAccess() {
    return FULL_ACCESS;
  }

  /** The read permissions of the owner. */
  public static TokenAccess readOnly() {
    return READ_ONLY;
  }

  /**
   * Exactly the given scopes (permissions or wildcards such as {@code pages:*}), within the owner.
   *
   * @throws IllegalArgumentException if there are none or one is null
   */
  public static TokenAccess custom(String... scopes) {
    if (scopes == null) {
      throw new IllegalArgumentException("scopes must not be null");
    }
    return FULL_ACCESS.withMode(AccessMode.CUSTOM, java.util.Arrays.asList(scopes));
  }

  /**
   * These settings with another mode and its scopes (empty unless the mode is CUSTOM).
   *
   * @throws IllegalArgumentException if the mode is null, or the scopes do not fit the mode
   */
  public TokenAccess withMode(@Nullable AccessMode mode, @Nullable Collection<String> scopes) {
    if (mode == null) {
      throw new IllegalArgumentException("access mode must not be null");
    }
    SortedSet<String> copy = sorted("scopes", scopes);
    if (mode == AccessMode.CUSTOM && copy.isEmpty()) {
      throw new IllegalArgumentException("scopes must not be empty for CUSTOM access");
    }
    if (mode != AccessMode.CUSTOM && !copy.isEmpty()) {
      throw new IllegalArgumentException("scopes are only allowed with CUSTOM access");
    }
    return of(mode, copy, rootNodes, allowedOrigins, allowedCidrs, restrictedUser, rateLimits);
  }

  /** These settings confined to the given resource-tree nodes and below (empty: everywhere). */
  public TokenAccess withRootNodes(@Nullable Collection<String> rootNodes) {
    return of(
        mode,
        scopes,
        sorted("rootNodes", rootNodes),
        allowedOrigins,
        allowedCidrs,
        restrictedUser,
        rateLimits);
  }

  /** These settings bound to browser origins matching the given host patterns (empty: any). */
  public TokenAccess withAllowedOrigins(@Nullable Collection<String> allowedOrigins) {
    return of(
        mode,
        scopes,
        rootNodes,
        sorted("allowedOrigins", allowedOrigins),
        allowedCidrs,
        restrictedUser,
        rateLimits);
  }

  /** These settings bound to client addresses in the given CIDR blocks (empty: any). */
  public TokenAccess withAllowedCidrs(@Nullable Collection<String> allowedCidrs) {
    return of(
        mode,
        scopes,
        rootNodes,
        allowedOrigins,
        sorted("allowedCidrs", allowedCidrs),
        restrictedUser,
        rateLimits);
  }

  /** These settings with a server token acting as the given user, or (null) for any user. */
  public TokenAccess withRestrictedUser(@Nullable String restrictedUser) {
    return of(mode, scopes, rootNodes, allowedOrigins, allowedCidrs, restrictedUser, rateLimits);
  }

  /**
   * These settings with the given rate limits (empty: none), e.g. {@code 100/1m} and {@code
   * 5000/1d} at once: a request passes only if every limit has room. Kept shortest period first.
   *
   * @throws IllegalArgumentException if the collection or an element is null, there are more than
   *     {@value #MAX_RATE_LIMITS}, or two have the same period
   */
  public TokenAccess withRateLimits(@Nullable Collection<RateLimit> rateLimits) {
    if (rateLimits == null) {
      throw new IllegalArgumentException("rateLimits must not be null");
    }
    List<RateLimit> copy = new ArrayList<>(rateLimits.size());
    for (RateLimit limit : rateLimits) {
      if (limit == null) {
        throw new IllegalArgumentException("rateLimits must not contain null");
      }
      copy.add(limit);
    }
    if (copy.size() > MAX_RATE_LIMITS) {
      throw new IllegalArgumentException("rateLimits must be at most " + MAX_RATE_LIMITS);
    }
    copy.sort(Comparator.comparing(RateLimit::period));
    for (int i = 1; i < copy.size(); i++) {
      if (copy.get(i).period().equals(copy.get(i - 1).period())) {
        throw new IllegalArgumentException(
            "rateLimits must not repeat a period: " + copy.get(i).periodText());
      }
    }
    return of(
        mode, scopes, rootNodes, allowedOrigins, allowedCidrs, restrictedUser, List.copyOf(copy));
  }

  /** The access mode. */
  public AccessMode mode() {
    return mode;
  }

  /** The scopes of CUSTOM access, sorted; empty for the other modes. */
  public SortedSet<String> scopes() {
    return scopes;
  }

  /** The nodes the token is confined to, sorted; empty for no confinement. */
  public SortedSet<String> rootNodes() {
    return rootNodes;
  }

  /** The origin host patterns a browser request must match, sorted; empty for any origin. */
  public SortedSet<String> allowedOrigins() {
    return allowedOrigins;
  }

  /** The CIDR blocks the client address must fall in, sorted; empty for any address. */
  public SortedSet<String> allowedCidrs() {
    return allowedCidrs;
  }

  /** The user a server token acts as, if it is restricted to one. */
  public Optional<String> restrictedUser() {
    return Optional.ofNullable(restrictedUser);
  }

  /** The rate limits, shortest period first (empty: none). */
  public List<RateLimit> rateLimits() {
    return rateLimits;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof TokenAccess a
        && mode == a.mode
        && scopes.equals(a.scopes)
        && rootNodes.equals(a.rootNodes)
        && allowedOrigins.equals(a.allowedOrigins)
        && allowedCidrs.equals(a.allowedCidrs)
        && Objects.equals(restrictedUser, a.restrictedUser)
        && rateLimits.equals(a.rateLimits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        mode, scopes, rootNodes, allowedOrigins, allowedCidrs, restrictedUser, rateLimits);
  }

  @Override
  public String toString() {
    return mode
        + (scopes.isEmpty() ? "" : " " + scopes)
        + (rootNodes.isEmpty() ? "" : ", roots=" + rootNodes)
        + (allowedOrigins.isEmpty() ? "" : ", origins=" + allowedOrigins)
        + (allowedCidrs.isEmpty() ? "" : ", cidrs=" + allowedCidrs)
        + (restrictedUser == null ? "" : ", restrictedUser=" + restrictedUser)
        + (rateLimits.isEmpty() ? "" : ", rateLimits=" + rateLimits);
  }

  // Unrestricted full or read-only access is one shared value: most tokens hold it.
  private static TokenAccess of(
      AccessMode mode,
      SortedSet<String> scopes,
      SortedSet<String> rootNodes,
      SortedSet<String> allowedOrigins,
      SortedSet<String> allowedCidrs,
      @Nullable String restrictedUser,
      List<RateLimit> rateLimits) {
    if (scopes.isEmpty()
        && rootNodes.isEmpty()
        && allowedOrigins.isEmpty()
        && allowedCidrs.isEmpty()
        && restrictedUser == null
        && rateLimits.isEmpty()) {
      if (mode == AccessMode.FULL_ACCESS) {
        return FULL_ACCESS;
      }
      if (mode == AccessMode.READ_ONLY) {
        return READ_ONLY;
      }
    }
    return new TokenAccess(
        mode, scopes, rootNodes, allowedOrigins, allowedCidrs, restrictedUser, rateLimits);
  }

  private static SortedSet<String> sorted(String field, @Nullable Collection<String> values) {
    if (values == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    if (values.isEmpty()) {
      return NONE;
    }
    TreeSet<String> copy = new TreeSet<>();
    for (String v : values) {
      if (v == null) {
        throw new IllegalArgumentException(field + " must not contain null");
      }
      copy.add(v);
    }
    return Collections.unmodifiableSortedSet(copy);
  }
}

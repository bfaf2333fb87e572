package dev.tokenkit.core;

import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a request may ask for: access settings the permission model accepts (the one place they are
 * checked, for create and update alike; rate limits only when the service counts them), lifetimes
 * within the host's {@link TokenPolicy} (and a server token's default lifetime when it gets a
 * long-term JWT). Thread-safe: stateless apart from immutable settings.
 */
final class TokenLimits {

  private final TokenPolicy policy;
  private final PermissionModel rules;
  private final @Nullable TokenJwtIssuer jwtIssuer;
  private final boolean rateLimited;

  TokenLimits(
      TokenPolicy policy,
      PermissionModel rules,
      @Nullable TokenJwtIssuer jwtIssuer,
      boolean rateLimited) {
    this.policy = policy;
    this.rules = rules;
    this.jwtIssuer = jwtIssuer;
    this.rateLimited = rateLimited;
  }

  /**
   * {@code wanted} checked for a token of {@code kind}, with origin patterns and CIDR blocks in
   * their normal form. At creation ({@code current} null) every setting is checked; on an edit only
   * those that differ from {@code current}, so a node since removed from the tree or a scope the
   * catalog no longer declares does not block an unrelated change. Whether a restricted user is
   * active is the caller's check (it needs the directory).
   *
   * @throws IllegalArgumentException naming the first setting that is not accepted
   */
  TokenAccess access(TokenKind kind, @Nullable TokenAccess current, TokenAccess wanted) {
    TokenAccess access = wanted;
    if (current == null
        || wanted.mode() != current.mode()
        || !wanted.scopes().equals(current.scopes())) {
      if (kind == TokenKind.BROWSER) {
        if (current != null) {
          throw new IllegalArgumentException(
              "browser tokens always get the browser scope; access cannot be edited");
        }
        if (wanted.mode() == AccessMode.CUSTOM) {
          throw new IllegalArgumentException(
              "browser tokens always get the browser scope; CUSTOM access is not allowed");
        }
        access = access.withMode(AccessMode.READ_ONLY, List.of());
      }
      rules.scopeOf(access.mode(), access.scopes());
    }
    if (current == null || !wanted.rootNodes().equals(current.rootNodes())) {
      roots(wanted.rootNodes());
    }
    if (current == null || !wanted.allowedOrigins().equals(current.allowedOrigins())) {
      access = access.withAllowedOrigins(origins(wanted.allowedOrigins()));
      if (kind == TokenKind.BROWSER && access.allowedOrigins().isEmpty()) {
        throw new IllegalArgumentException("allowedOrigins must name at least one host pattern");
      }
    }
    if (current == null || !wanted.allowedCidrs().equals(current.allowedCidrs())) {
      access = access.withAllowedCidrs(cidrs(wanted.allowedCidrs()));
    }
    if (!rateLimited
        && !wanted.rateLimits().isEmpty()
        && (current == null || !wanted.rateLimits().equals(current.rateLimits()))) {
      throw new IllegalArgumentException(
          "rateLimits need a RateLimiter in the token service (see token-ratelimit)");
    }
    String user = wanted.restrictedUser().orElse(null);
    if (user != null
        && (current == null || !wanted.restrictedUser().equals(current.restrictedUser()))) {
      if (kind != TokenKind.SERVER) {
        throw new IllegalArgumentException("restrictedUser is only for server tokens");
      }
      TokenFields.ownerId("restrictedUser", user);
    }
    return access;
  }

  /** Checks that each root node exists in the resource tree. */
  private void roots(Collection<String> nodes) {
    if (nodes.isEmpty()) {
      return;
    }
    ResourceTree tree =
        rules
            .resourceTree()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "rootNodes need a ResourceTree in PermissionModel"));
    List<String> missing = new ArrayList<>();
    for (String node : nodes) {
      if (node.isBlank() || node.length() > 1024 || !tree.exists(node)) {
        missing.add(Quoting.quote(node));
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("rootNodes do not exist in the resource tree: " + missing);
    }
  }

  /**
   * The lifetime of a request that names none: the policy's default, except that a server token
   * created with a long-term JWT lives as long as the JWT (within the policy's maximum), so the
   * JWT's ten years are not cut short by a 30-day token.
   */
  Lifetime defaultLifetime(CreateTokenRequest request, Instant now) {
    TokenJwtIssuer issuer = jwtIssuer;
    if (!request.issueJwt() || issuer == null) {
      return policy.defaultLifetime();
    }
    Instant end = now.plus(issuer.lifetime());
    Optional<Duration> max = policy.maxLifetime();
    if (max.isPresent() && end.isAfter(now.plus(max.get()))) {
      end = now.plus(max.get());
    }
    return Lifetime.until(end.isAfter(Lifetime.LATEST_EXPIRY) ? Lifetime.LATEST_EXPIRY : end);
  }

  /** The expiry for {@code lifetime} applied at {@code now}, checked against the policy. */
  @Nullable Instant expiry(Lifetime lifetime, Instant now) {
    if (lifetime.isUnlimited()) {
      if (!policy.allowUnlimited() || policy.maxLifetime().isPresent()) {
        throw new IllegalArgumentException("lifetime must not be unlimited (policy)");
      }
      return null;
    }
    Instant expiresAt = lifetime.expiryFrom(now).orElseThrow();
    if (!expiresAt.isAfter(now)) {
      throw new IllegalArgumentException("lifetime must end in the future");
    }
    if (expiresAt.isAfter(Lifetime.LATEST_EXPIRY)) {
      throw new IllegalArgumentException("lifetime must end by " + Lifetime.LATEST_EXPIRY);
    }
    Optional<Duration> max = policy.maxLifetime();
    if (max.isPresent() && expiresAt.isAfter(now.plus(max.get()))) {
      throw new IllegalArgumentException(
          "lifetime must be at most " + max.get().toDays() + " days (policy)");
    }
    return expiresAt;
  }

  /**
   * The canonical form of origin patterns; each element may be a comma-separated list.
   *
   * @throws IllegalArgumentException naming the first invalid pattern
   */
  static List<String> origins(Collection<String> patterns) {
    List<String> out = new ArrayList<>();
    for (String element : patterns) {
      for (String pattern : element.split(",", -1)) {
        out.add(HostPatterns.parse(pattern).text());
      }
    }
    return out;
  }

  /**
   * The canonical form of CIDR blocks.
   *
   * @throws IllegalArgumentException naming the first invalid block
   */
  static List<String> cidrs(Collection<String> blocks) {
    List<String> out = new ArrayList<>();
    for (String block : blocks) {
      out.add(IpAddresses.parseCidr(block.strip()).text());
    }
    return out;
  }
}

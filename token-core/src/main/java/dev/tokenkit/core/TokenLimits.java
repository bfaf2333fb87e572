package dev.tokenkit.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a request may ask for: lifetimes within the host's {@link TokenPolicy} (and a server token's
 * default lifetime when it gets a long-term JWT), and root nodes that exist in the resource tree.
 * Thread-safe: stateless apart from immutable settings.
 */
final class TokenLimits {

  private final TokenPolicy policy;
  private final PermissionModel rules;
  private final @Nullable TokenJwtIssuer jwtIssuer;

  TokenLimits(TokenPolicy policy, PermissionModel rules, @Nullable TokenJwtIssuer jwtIssuer) {
    this.policy = policy;
    this.rules = rules;
    this.jwtIssuer = jwtIssuer;
  }

  /** Validated root nodes: each must exist in the resource tree. */
  List<String> roots(List<String> nodes) {
    if (nodes.isEmpty()) {
      return nodes;
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
    return nodes;
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
}

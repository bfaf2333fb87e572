package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An edit checks only the access settings it changes: a node since removed from the tree or a scope
 * the catalog no longer declares does not block an unrelated change, while every changed setting is
 * checked and normalised as at creation.
 */
class TokenLimitsTest {

  private final MapResourceTree tree = MapResourceTree.contentSite();
  private final PermissionCatalog catalog =
      PermissionCatalog.builder().read("pages", "read").write("pages", "write").build();
  private final TokenLimits limits = limits(catalog);

  private TokenLimits limits(PermissionCatalog declared) {
    PermissionModel model = PermissionModel.builder().catalog(declared).resourceTree(tree).build();
    return new TokenLimits(TokenPolicy.defaults(), model, null, false);
  }

  @Test
  void aRemovedNodeOrScopeDoesNotBlockAnUnrelatedEdit() {
    TokenAccess current = TokenAccess.custom("pages:read").withRootNodes(List.of("/docs"));
    limits.access(TokenKind.SERVER, null, current);
    tree.parents.remove("/docs");
    TokenLimits narrower = limits(PermissionCatalog.builder().write("pages", "write").build());

    TokenAccess edited =
        narrower.access(
            TokenKind.SERVER, current, current.withAllowedOrigins(List.of("Example.COM")));
    assertThat(edited.allowedOrigins()).containsExactly("example.com");
    assertThat(edited.rootNodes()).containsExactly("/docs");

    assertThatThrownBy(() -> narrower.access(TokenKind.SERVER, null, current))
        .hasMessageContaining("pages:read");
    assertThatThrownBy(
            () ->
                limits.access(
                    TokenKind.SERVER, current, current.withRootNodes(List.of("/docs", "/blog"))))
        .hasMessageContaining("rootNodes do not exist in the resource tree: [\"/docs\"]");
    assertThatThrownBy(
            () ->
                narrower.access(
                    TokenKind.SERVER,
                    current,
                    current.withMode(
                        dev.tokenkit.store.spi.AccessMode.CUSTOM,
                        List.of("pages:read", "pages:write"))))
        .hasMessageContaining("pages:read");
  }

  @Test
  void changedOriginsAndBlocksAreCheckedAndNormalised() {
    TokenAccess current = TokenAccess.fullAccess().withAllowedCidrs(List.of("10.0.0.0/8"));
    limits.access(TokenKind.SERVER, null, current);
    TokenAccess edited =
        limits.access(
            TokenKind.SERVER,
            current,
            current.withAllowedCidrs(List.of("192.0.2.7", "10.0.0.0/8")));
    assertThat(edited.allowedCidrs()).containsExactly("10.0.0.0/8", "192.0.2.7/32");
    assertThatThrownBy(
            () ->
                limits.access(
                    TokenKind.SERVER, current, current.withAllowedCidrs(List.of("10.0.0.1/8"))))
        .hasMessageContaining("host bits");
    assertThatThrownBy(
            () ->
                limits.access(
                    TokenKind.SERVER, current, current.withAllowedOrigins(List.of("a/b"))))
        .hasMessageContaining("host pattern");
  }

  @Test
  void rateLimitsNeedALimiterOnlyWhenTheyChange() {
    RateLimit perMinute = RateLimit.of(10, Duration.ofMinutes(1));
    TokenAccess limited = TokenAccess.fullAccess().withRateLimits(List.of(perMinute));
    assertThatThrownBy(() -> limits.access(TokenKind.SERVER, null, limited))
        .hasMessageContaining("rateLimits need a RateLimiter");
    TokenAccess renamed = limited.withAllowedOrigins(List.of("example.com"));
    assertThat(limits.access(TokenKind.SERVER, limited, renamed).rateLimits())
        .containsExactly(perMinute);
    assertThatThrownBy(
            () ->
                limits.access(
                    TokenKind.SERVER,
                    limited,
                    limited.withRateLimits(List.of(RateLimit.of(5, Duration.ofMinutes(1))))))
        .hasMessageContaining("rateLimits need a RateLimiter");
  }

  @Test
  void rootNodesHaveAtMost1024Characters() {
    String longest = "/" + "n".repeat(1023);
    tree.parents.put(longest, "/");
    tree.parents.put(longest + "n", "/");
    assertThat(
            limits
                .access(
                    TokenKind.SERVER,
                    null,
                    TokenAccess.fullAccess().withRootNodes(List.of(longest)))
                .rootNodes())
        .containsExactly(longest);
    assertThatThrownBy(
            () ->
                limits.access(
                    TokenKind.SERVER,
                    null,
                    TokenAccess.fullAccess().withRootNodes(List.of(longest + "n"))))
        .hasMessageContaining("rootNodes do not exist");
  }
}

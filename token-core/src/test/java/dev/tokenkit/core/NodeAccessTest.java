package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Squiz: a token inherits its user's permissions, per node; root nodes restrict "in addition to"
 * them. With a {@link NodeAccess}, no decision allows what the owner (or acting user) may not do on
 * that node; without one, nothing changes.
 */
class NodeAccessTest {

  private static final List<String> NODES = List.of("/", "/docs", "/docs/guide", "/blog");
  private static final List<String> PERMISSIONS =
      List.of("content:read", "content:write", "content:delete", "blog:read", "blog:write");

  private final Fixtures f = new Fixtures();

  private TokenService service(NodeAccess access) {
    return f.builder()
        .permissionModel(
            PermissionModel.builder()
                .catalog(AccessControlTest.CATALOG)
                .resourceTree(MapResourceTree.contentSite())
                .nodeAccess(access)
                .build())
        .build();
  }

  @Test
  void noDecisionAllowsWhatTheUserMayNotDoOnThatNode() {
    f.users.put("alice", Owner.active("alice", "content:*", "blog:*"));
    f.users.put("bob", Owner.active("bob", "*:*"));
    qt().withExamples(300)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random random = new Random(seed);
              Set<String> denied = new HashSet<>();
              for (int i = random.nextInt(12); i > 0; i--) {
                denied.add(
                    pick(random, List.of("alice", "bob"))
                        + " "
                        + pick(random, PERMISSIONS)
                        + " "
                        + pick(random, NODES));
              }
              NodeAccess access =
                  (user, permission, node) ->
                      !denied.contains(user + " " + permission + " " + node);
              TokenService withHook = service(access);
              TokenService withoutHook = service(null);
              CreateTokenRequest.Builder request =
                  CreateTokenRequest.named("t" + seed)
                      .ownerId(pick(random, List.of("alice", "bob")));
              TokenAccess tokenAccess = TokenAccess.fullAccess();
              if (random.nextBoolean()) {
                request.kind(TokenKind.SERVER);
                tokenAccess = tokenAccess.withRestrictedUser(pick(random, List.of("alice", "bob")));
              }
              if (random.nextBoolean()) {
                tokenAccess =
                    tokenAccess.withRootNodes(
                        List.of("/docs", "/blog").subList(0, 1 + random.nextInt(2)));
              }
              request.access(tokenAccess);
              IssuedToken token = withHook.create(f.admin, request.build());
              TokenPrincipal hooked =
                  withHook.authenticate(token.token(), null).principal().orElseThrow();
              TokenPrincipal plain =
                  withoutHook.authenticate(token.token(), null).principal().orElseThrow();
              String owner = token.record().ownerId().orElseThrow();
              String acting = hooked.actingUserId().orElseThrow();
              for (String permission : PERMISSIONS) {
                for (String node : NODES) {
                  Decision d = hooked.authorize(permission, node);
                  boolean usersMay =
                      access.allows(owner, permission, node)
                          && access.allows(acting, permission, node);
                  if (d == Decision.ALLOW) {
                    assertThat(usersMay)
                        .as("%s %s for %s/%s", permission, node, owner, acting)
                        .isTrue();
                  }
                  // The hook only ever narrows, and only where the users may not.
                  Decision without = plain.authorize(permission, node);
                  assertThat(d)
                      .isEqualTo(
                          without == Decision.ALLOW && !usersMay
                              ? Decision.OWNER_LACKS_PERMISSION
                              : without);
                }
              }
              f.store.delegate.delete(token.id());
            });
  }

  @Test
  void severalRootNodesEachOpenTheirSubtreeOnly() {
    f.users.put("alice", Owner.active("alice", "content:*"));
    TokenService tokens = service(null);
    IssuedToken two =
        tokens.create(
            f.admin,
            CreateTokenRequest.named("two roots")
                .ownerId("alice")
                .access(TokenAccess.fullAccess().withRootNodes(List.of("/docs/guide", "/blog")))
                .build());
    TokenPrincipal p = tokens.authenticate(two.token(), null).principal().orElseThrow();
    assertThat(p.access().rootNodes()).containsExactlyInAnyOrder("/docs/guide", "/blog");
    assertThat(p.authorize("content:read", "/docs/guide")).isEqualTo(Decision.ALLOW);
    assertThat(p.authorize("content:read", "/blog")).isEqualTo(Decision.ALLOW);
    assertThat(p.authorize("content:read", "/docs")).isEqualTo(Decision.OUTSIDE_ROOT);
    assertThat(p.authorize("content:read", "/")).isEqualTo(Decision.OUTSIDE_ROOT);
    assertThat(p.authorize("content:read", null)).isEqualTo(Decision.OUTSIDE_ROOT);
    // Removing one root narrows; a root that no longer exists denies its subtree.
    tokens.update(
        f.admin,
        two.id(),
        TokenUpdate.builder().access(a -> a.withRootNodes(List.of("/blog"))).build());
    TokenPrincipal one = tokens.authenticate(two.token(), null).principal().orElseThrow();
    assertThat(one.authorize("content:read", "/docs/guide")).isEqualTo(Decision.OUTSIDE_ROOT);
    assertThat(one.authorize("content:read", "/blog")).isEqualTo(Decision.ALLOW);
  }

  @Test
  void aFailingHostAnswerGrantsNothing() {
    f.users.put("alice", Owner.active("alice", "content:*"));
    TokenService tokens =
        service(
            (user, permission, node) -> {
              throw new IllegalStateException("directory down");
            });
    IssuedToken t =
        tokens.create(f.admin, CreateTokenRequest.named("failing").ownerId("alice").build());
    TokenPrincipal p = tokens.authenticate(t.token(), null).principal().orElseThrow();
    assertThat(p.authorize("content:read", "/docs")).isEqualTo(Decision.OWNER_LACKS_PERMISSION);
    assertThat(p.authorize("content:read")).as("no node, no node check").isEqualTo(Decision.ALLOW);
  }

  private static <T> T pick(Random random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}

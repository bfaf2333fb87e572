package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An actor may obtain a token's secret or make it reach further only if it could create the token
 * as it is (or would be) itself: permissions, roots and the users it acts for. Revoke, disable and
 * delete need the admin permission alone.
 */
class ActorCeilingTest {

  private final Fixtures f = new Fixtures();
  private final MapResourceTree tree = MapResourceTree.contentSite();
  private final TokenService service =
      f.builder()
          .keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1))
          .permissionModel(
              PermissionModel.builder()
                  .catalog(AccessControlTest.CATALOG)
                  .resourceTree(tree)
                  .build())
          .build();

  /** The same user as the root admin, through a token scoped to reading and regenerating. */
  private final Actor limitedAdmin =
      Actor.of(
          "admin",
          EnumSet.of(
              AdminPermission.READ,
              AdminPermission.UPDATE,
              AdminPermission.REGENERATE,
              AdminPermission.REVEAL,
              AdminPermission.DELETE),
          Set.of("content:read"));

  ActorCeilingTest() {
    f.users.put("alice", Owner.active("alice", "content:*", "blog:read"));
    f.users.put("bob", Owner.active("bob", "*:read"));
  }

  private IssuedToken rootCreates(CreateTokenRequest.Builder request) {
    return service.create(f.admin, request.build());
  }

  private TokenRecord stored(IssuedToken token) {
    return service.get(f.admin, token.id()).orElseThrow();
  }

  @Test
  void aLimitedAdminCannotRegenerateOrRevealAMorePowerfulToken() {
    IssuedToken bootstrap =
        rootCreates(CreateTokenRequest.named("bootstrap").access(TokenAccess.fullAccess()));
    TokenRecord before = stored(bootstrap);

    assertThatThrownBy(() -> service.regenerate(limitedAdmin, bootstrap.id(), Duration.ZERO))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("content:write");
    assertThatThrownBy(() -> service.reveal(limitedAdmin, bootstrap.id()))
        .isInstanceOf(TokenAccessDeniedException.class);
    assertThat(stored(bootstrap)).isEqualTo(before);
    assertThat(service.authenticate(bootstrap.token(), null).principal()).isPresent();
    assertThat(f.eventTypes())
        .doesNotContain(AuditEvent.Type.REGENERATED, AuditEvent.Type.REVEALED);

    // Within the actor's own reach, both work.
    IssuedToken reader =
        rootCreates(
            CreateTokenRequest.named("reader")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.custom("content:read").withRestrictedUser("admin")));
    Actor reader2 =
        Actor.of("admin", limitedAdmin.adminPermissions(), Set.of("content:read", "settings:*"));
    assertThat(service.regenerate(limitedAdmin, reader.id(), Duration.ZERO).secret()).hasSize(64);
    assertThat(service.reveal(reader2, reader.id()).secret()).hasSize(64);
  }

  @Test
  void revokeDisableAndDeleteNeedOnlyTheAdminPermission() {
    IssuedToken powerful =
        rootCreates(CreateTokenRequest.named("powerful").access(TokenAccess.fullAccess()));
    assertThat(
            service
                .update(limitedAdmin, powerful.id(), TokenUpdate.builder().enabled(false).build())
                .enabled())
        .isFalse();
    assertThat(service.revoke(limitedAdmin, powerful.id()).revokedAt()).isPresent();
    assertThat(service.delete(limitedAdmin, powerful.id())).isTrue();
  }

  @Test
  void editsThatReachFurtherNeedTheWholeTokenWithinTheActor() {
    IssuedToken token =
        rootCreates(
            CreateTokenRequest.named("bound")
                .access(
                    TokenAccess.custom("content:*")
                        .withRootNodes(List.of("/docs"))
                        .withAllowedOrigins(List.of("example.com"))
                        .withAllowedCidrs(List.of("10.0.0.0/8")))
                .lifetime(Lifetime.SEVEN_DAYS)
                .enabled(false));
    Map<String, TokenUpdate> widening = new LinkedHashMap<>();
    widening.put(
        "remove roots", TokenUpdate.builder().access(a -> a.withRootNodes(List.of())).build());
    widening.put(
        "another root",
        TokenUpdate.builder().access(a -> a.withRootNodes(List.of("/blog"))).build());
    widening.put(
        "remove origins",
        TokenUpdate.builder().access(a -> a.withAllowedOrigins(List.of())).build());
    widening.put(
        "another origin",
        TokenUpdate.builder()
            .access(a -> a.withAllowedOrigins(List.of("example.com", "evil.example")))
            .build());
    widening.put(
        "remove CIDRs", TokenUpdate.builder().access(a -> a.withAllowedCidrs(List.of())).build());
    widening.put(
        "wider CIDR",
        TokenUpdate.builder().access(a -> a.withAllowedCidrs(List.of("10.0.0.0/7"))).build());
    widening.put("re-enable", TokenUpdate.builder().enabled(true).build());
    widening.put("extend expiry", TokenUpdate.builder().lifetime(Lifetime.NINETY_DAYS).build());
    widening.put("remove expiry", TokenUpdate.builder().lifetime(Lifetime.UNLIMITED).build());
    widening.put(
        "widen access",
        TokenUpdate.builder().access(a -> a.withMode(AccessMode.FULL_ACCESS, List.of())).build());
    TokenRecord before = stored(token);
    for (Map.Entry<String, TokenUpdate> edit : widening.entrySet()) {
      assertThatThrownBy(() -> service.update(limitedAdmin, token.id(), edit.getValue()))
          .as(edit.getKey())
          .isInstanceOf(TokenAccessDeniedException.class)
          .hasMessageContaining("content:write");
      assertThat(stored(token)).as(edit.getKey()).isEqualTo(before);
    }

    // Narrowing edits are fine for the same actor.
    TokenRecord narrowed =
        service.update(
            limitedAdmin,
            token.id(),
            TokenUpdate.builder()
                .name("bound, narrowed")
                .access(a -> a.withRootNodes(List.of("/docs/guide")))
                .access(a -> a.withAllowedCidrs(List.of("10.1.0.0/16")))
                .lifetime(Lifetime.until(Fixtures.T0.plus(Duration.ofDays(1))))
                .access(a -> a.withMode(AccessMode.CUSTOM, List.of("content:write")))
                .build());
    assertThat(narrowed.access().rootNodes()).containsExactly("/docs/guide");
    assertThat(narrowed.access().scopes()).containsExactly("content:write");

    // An actor holding everything the token may do can widen it.
    Actor editor =
        Actor.of("admin", EnumSet.of(AdminPermission.UPDATE), Set.of("content:*", "blog:*"));
    for (Map.Entry<String, TokenUpdate> edit : widening.entrySet()) {
      if (!edit.getKey().equals("widen access")) {
        service.update(editor, token.id(), edit.getValue());
      }
    }
    assertThat(stored(token).enabled()).isTrue();
    assertThat(stored(token).expiresAt()).isEmpty();
    assertThatThrownBy(() -> service.update(editor, token.id(), widening.get("widen access")))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("settings:read");
  }

  @Test
  void namingAnotherUserAsOwnerOrRestrictedUserNeedsImpersonate() {
    Actor alice = Actor.of("alice", EnumSet.of(AdminPermission.CREATE), Set.of("*:*"));
    List<CreateTokenRequest.Builder> others =
        List.of(
            CreateTokenRequest.named("for bob").ownerId("bob"),
            CreateTokenRequest.named("as bob")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("bob")),
            CreateTokenRequest.named("as anyone").kind(TokenKind.SERVER),
            // Refused before any lookup: the answer tells nothing about which users exist.
            CreateTokenRequest.named("for a ghost").ownerId("ghost"));
    for (CreateTokenRequest.Builder request : others) {
      assertThatThrownBy(() -> service.create(alice, request.build()))
          .isInstanceOf(TokenAccessDeniedException.class)
          .hasMessageContaining("tokens.impersonate");
    }
    assertThat(f.eventTypes()).doesNotContain(AuditEvent.Type.CREATED);

    IssuedToken own =
        service.create(
            alice,
            CreateTokenRequest.named("as alice")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.custom("content:read").withRestrictedUser("alice"))
                .build());
    TokenPrincipal principal = service.authenticate(own.token(), null).principal().orElseThrow();
    assertThat(principal.actingUserId()).contains("alice");

    // The same holds for obtaining the secret of a token that acts for someone else.
    IssuedToken bobs = rootCreates(CreateTokenRequest.named("bob's").ownerId("bob"));
    Actor aliceRegenerates =
        Actor.of("alice", EnumSet.of(AdminPermission.REGENERATE), Set.of("*:*"));
    assertThatThrownBy(() -> service.regenerate(aliceRegenerates, bobs.id(), Duration.ZERO))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("tokens.impersonate");
  }

  @Test
  void anActorLimitedToRootsStaysWithinThem() {
    Actor docsAdmin =
        Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("*:*"))
            .withRootNodes(List.of("/docs"));
    for (List<String> roots : List.of(List.<String>of(), List.of("/blog"), List.of("/"))) {
      assertThatThrownBy(
              () ->
                  service.create(
                      docsAdmin,
                      CreateTokenRequest.named("roots " + roots)
                          .access(TokenAccess.fullAccess().withRootNodes(roots))
                          .build()))
          .isInstanceOf(TokenAccessDeniedException.class)
          .hasMessageContaining("root nodes");
    }
    IssuedToken guide =
        service.create(
            docsAdmin,
            CreateTokenRequest.named("guide")
                .access(TokenAccess.fullAccess().withRootNodes(List.of("/docs/guide")))
                .build());
    assertThat(guide.record().access().rootNodes()).containsExactly("/docs/guide");
    IssuedToken everywhere = rootCreates(CreateTokenRequest.named("everywhere"));
    assertThatThrownBy(() -> service.regenerate(docsAdmin, everywhere.id(), Duration.ZERO))
        .isInstanceOf(TokenAccessDeniedException.class);
    assertThatThrownBy(
            () ->
                service.update(
                    docsAdmin,
                    guide.id(),
                    TokenUpdate.builder().access(a -> a.withRootNodes(List.of())).build()))
        .isInstanceOf(TokenAccessDeniedException.class);
    assertThatThrownBy(() -> docsAdmin.withRootNodes(java.util.Arrays.asList("/docs", null)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

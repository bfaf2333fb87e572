package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Re-restricting and re-assigning tokens through {@code update} (MindTouch's {@code PUT
 * site/developer-tokens/{id}}, Squiz's change of user), with the checks of creation, and the mark
 * of an issued long-term JWT.
 */
class ReassignTest {

  private final Fixtures f = new Fixtures();
  private final MutableClock clock = f.clock;
  private final TokenService service =
      f.builder()
          .permissionModel(PermissionModel.builder().catalog(AccessControlTest.CATALOG).build())
          .jwtIssuer(new FakeJwtIssuer())
          .keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1))
          .build();

  /** Edits tokens and acts for others, but holds only content permissions. */
  private final Actor contentAdmin =
      Actor.of(
          "carol",
          EnumSet.of(AdminPermission.READ, AdminPermission.UPDATE, AdminPermission.IMPERSONATE),
          Set.of("content:*"));

  /** Edits tokens but may not act for other users. */
  private final Actor editor =
      Actor.of("dave", EnumSet.of(AdminPermission.READ, AdminPermission.UPDATE), Set.of("*:*"));

  ReassignTest() {
    f.users.put("alice", Owner.active("alice", "content:*"));
    f.users.put("bob", Owner.active("bob", "content:read"));
    f.users.put("mallory", Owner.active("mallory", "*:*"));
    f.users.put("gone", Owner.inactive("gone"));
    f.users.put("carol", Owner.active("carol", "content:*"));
    f.users.put("dave", Owner.active("dave", "*:*"));
  }

  private IssuedToken serverToken(String restrictedTo) {
    return serverToken("alice", restrictedTo);
  }

  private IssuedToken serverToken(String owner, String restrictedTo) {
    return service.create(
        f.admin,
        CreateTokenRequest.named("integration")
            .kind(TokenKind.SERVER)
            .ownerId(owner)
            .access(
                TokenAccess.custom("content:read", "content:write")
                    .withRestrictedUser(restrictedTo))
            .build());
  }

  private TokenRecord stored(IssuedToken token) {
    return service.get(f.admin, token.id()).orElseThrow();
  }

  @Test
  void aServerTokenIsReRestrictedToAnotherUserAndTheEditIsAudited() {
    IssuedToken token = serverToken("alice");
    TokenRecord after =
        service.update(
            contentAdmin,
            token.id(),
            TokenUpdate.builder().access(a -> a.withRestrictedUser("bob")).build());
    assertThat(after.access().restrictedUser()).contains("bob");
    AuditEvent updated = f.events.get(f.events.size() - 1);
    assertThat(updated.type()).isEqualTo(AuditEvent.Type.UPDATED);
    assertThat(updated.changes())
        .containsExactly(AuditEvent.Change.of("restrictedUser", "alice", "bob"));
  }

  @Test
  void aTokenIsHandedToAnotherOwnerAndInheritsTheirPermissions() {
    IssuedToken token =
        service.create(
            f.admin,
            CreateTokenRequest.named("docs")
                .ownerId("alice")
                .access(TokenAccess.custom("content:read", "content:write"))
                .build());
    assertThat(permissions(token)).contains("content:write");
    service.update(contentAdmin, token.id(), TokenUpdate.builder().ownerId("bob").build());
    assertThat(stored(token).ownerId()).contains("bob");
    assertThat(permissions(token)).containsExactly("content:read");
    assertThat(f.events)
        .filteredOn(e -> e.type() == AuditEvent.Type.UPDATED)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.changes())
                    .containsExactly(AuditEvent.Change.of("owner", "alice", "bob")));
  }

  private Set<String> permissions(IssuedToken token) {
    return service
        .authenticate(token.token(), null)
        .principal()
        .orElseThrow()
        .effectivePermissions();
  }

  @Test
  void theNewOwnerOrUserMustBeAnActiveUser() {
    IssuedToken token = serverToken("alice");
    TokenRecord before = stored(token);
    for (String user : new String[] {"gone", "nobody"}) {
      assertThatThrownBy(
              () ->
                  service.update(
                      contentAdmin, token.id(), TokenUpdate.builder().ownerId(user).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ownerId");
      assertThatThrownBy(
              () ->
                  service.update(
                      contentAdmin,
                      token.id(),
                      TokenUpdate.builder().access(a -> a.withRestrictedUser(user)).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("restrictedUser");
    }
    for (String bad : new String[] {"", " ", "x".repeat(257), "a\nb"}) {
      assertThatThrownBy(
              () ->
                  service.update(
                      contentAdmin, token.id(), TokenUpdate.builder().ownerId(bad).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ownerId");
    }
    assertThatThrownBy(
            () ->
                service.update(
                    contentAdmin, token.id(), TokenUpdate.builder().access(a -> null).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("access change");
    assertThat(stored(token)).isEqualTo(before);
  }

  @Test
  void handingATokenToAnotherUserNeedsImpersonate() {
    IssuedToken token = serverToken("alice");
    TokenRecord before = stored(token);
    assertThatThrownBy(
            () -> service.update(editor, token.id(), TokenUpdate.builder().ownerId("bob").build()))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("tokens.impersonate");
    assertThatThrownBy(
            () ->
                service.update(
                    editor,
                    token.id(),
                    TokenUpdate.builder().access(a -> a.withRestrictedUser("dave")).build()))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("tokens.impersonate");
    assertThat(stored(token)).isEqualTo(before);
  }

  @Test
  void theEditorMayNotWidenATokenBeyondTheirOwnPermissions() {
    IssuedToken token =
        service.create(
            f.admin,
            CreateTokenRequest.named("wide")
                .ownerId("alice")
                .access(TokenAccess.fullAccess())
                .build());
    TokenRecord before = stored(token);
    // mallory holds everything: the token could then do blog and settings work carol cannot.
    assertThatThrownBy(
            () ->
                service.update(
                    contentAdmin, token.id(), TokenUpdate.builder().ownerId("mallory").build()))
        .isInstanceOfSatisfying(
            TokenAccessDeniedException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenAccessDeniedException.Reason.BEYOND_ACTOR));
    assertThat(stored(token)).isEqualTo(before);
  }

  @Test
  void liftingARestrictionNeedsImpersonateAndOnlyServerTokensHaveOne() {
    IssuedToken token = serverToken("dave", "dave");
    assertThatThrownBy(
            () ->
                service.update(
                    editor,
                    token.id(),
                    TokenUpdate.builder().access(a -> a.withRestrictedUser(null)).build()))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("any user");
    Actor root = f.admin;
    assertThat(
            service
                .update(
                    root,
                    token.id(),
                    TokenUpdate.builder().access(a -> a.withRestrictedUser(null)).build())
                .access()
                .restrictedUser())
        .isEmpty();
    IssuedToken api =
        service.create(root, CreateTokenRequest.named("api").ownerId("alice").build());
    assertThatThrownBy(
            () ->
                service.update(
                    root,
                    api.id(),
                    TokenUpdate.builder().access(a -> a.withRestrictedUser("bob")).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only for server tokens");
  }

  @Test
  void anUnchangedOwnerIsNoEdit() {
    IssuedToken token = serverToken("alice");
    TokenRecord before = stored(token);
    int events = f.events.size();
    service.update(
        f.admin,
        token.id(),
        TokenUpdate.builder().ownerId("alice").access(a -> a.withRestrictedUser("alice")).build());
    assertThat(stored(token)).isEqualTo(before);
    assertThat(f.events).hasSize(events);
  }

  @Test
  void anIssuedJwtIsMarkedOnTheTokenAndShownInLists() {
    IssuedToken plain = serverToken("alice");
    TokenRecord before = stored(plain);
    assertThat(before.jwtIssuedAt()).isEmpty();
    IssuedToken withJwt =
        service.create(
            f.admin,
            CreateTokenRequest.named("with jwt")
                .kind(TokenKind.SERVER)
                .ownerId("alice")
                .access(TokenAccess.fullAccess().withRestrictedUser("alice"))
                .issueJwt(true)
                .build());
    assertThat(withJwt.jwt()).isPresent();
    assertThat(stored(withJwt).jwtIssuedAt()).contains(Fixtures.T0);

    clock.advance(Duration.ofHours(5));
    String jwt = service.issueJwt(f.admin, plain.id());
    assertThat(jwt).isNotEmpty();
    List<TokenRecord> listed = service.list(f.admin, TokenFilter.all(), null, 10).items();
    assertThat(listed)
        .filteredOn(r -> r.id().equals(plain.id()))
        .singleElement()
        .satisfies(
            r -> assertThat(r.jwtIssuedAt()).contains(Fixtures.T0.plus(Duration.ofHours(5))));
    AuditEvent issued = f.events.get(f.events.size() - 1);
    assertThat(issued.type()).isEqualTo(AuditEvent.Type.JWT_ISSUED);
    assertThat(issued.at()).isEqualTo(Fixtures.T0.plus(Duration.ofHours(5)));
    // The mark is the only change: no edit of the token's access.
    TokenRecord after = stored(plain);
    assertThat(after)
        .isEqualTo(
            before.toBuilder()
                .jwtIssuedAt(after.jwtIssuedAt().orElseThrow())
                .version(after.version())
                .build());
  }

  /** Signs nothing: a JWT-shaped string that names the token, enough for the service's side. */
  private static final class FakeJwtIssuer implements TokenJwtIssuer {
    @Override
    public String issue(TokenRecord record, String secret) {
      return "jwt." + record.id().value() + ".sig";
    }

    @Override
    public boolean needsSealedSecret() {
      return false;
    }
  }
}

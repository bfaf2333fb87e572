package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * One store serving many customers: tokens of a tenant, names unique per tenant, admins confined to
 * their tenant unless they hold {@code tokens.all-tenants}; and tokens owned by a group, which
 * inherit the group's current permissions.
 */
class TenantsAndGroupsTest {

  private final Fixtures f = new Fixtures();
  private final Map<String, Owner> groups = new ConcurrentHashMap<>();
  private final TokenService service =
      f.builder()
          .owners(
              new OwnerDirectory() {
                @Override
                public Optional<Owner> find(String id) {
                  return f.owners.find(id);
                }

                @Override
                public Optional<Owner> findGroup(String id) {
                  return Optional.ofNullable(groups.get(id));
                }
              })
          .permissionModel(PermissionModel.builder().catalog(AccessControlTest.CATALOG).build())
          .keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1))
          .viewAgain(true)
          .build();

  private final Actor adminA = tenantAdmin("ann", "acme");
  private final Actor adminB = tenantAdmin("ben", "globex");

  TenantsAndGroupsTest() {
    f.users.put("ann", Owner.active("ann", "*:*"));
    f.users.put("ben", Owner.active("ben", "*:*"));
    f.users.put("alice", Owner.active("alice", "content:*"));
    groups.put("editors", Owner.active("editors", "content:read", "content:write"));
    groups.put("retired", Owner.inactive("retired"));
  }

  private static Actor tenantAdmin(String id, String tenant) {
    EnumSet<AdminPermission> all = EnumSet.allOf(AdminPermission.class);
    all.remove(AdminPermission.ALL_TENANTS);
    return Actor.of(id, all, Set.of("*:*")).withTenant(tenant);
  }

  private IssuedToken create(Actor actor, String name) {
    return service.create(actor, CreateTokenRequest.named(name).build());
  }

  @Test
  void twoTenantsMayBothHaveATokenCalledCiDeploy() {
    IssuedToken a = create(adminA, "CI deploy");
    IssuedToken b = create(adminB, "CI deploy");
    assertThat(service.get(adminA, a.id()).orElseThrow().tenant()).contains("acme");
    assertThat(service.get(adminB, b.id()).orElseThrow().tenant()).contains("globex");
    assertThatThrownBy(() -> create(adminA, "ci DEPLOY"))
        .isInstanceOf(DuplicateTokenException.class);
    // Tokens without a tenant have names of their own too.
    create(f.admin, "CI deploy");
  }

  @Test
  void anAdminOfOneTenantNeitherSeesNorTouchesAnothersTokens() {
    IssuedToken b = create(adminB, "globex bot");
    TokenId id = b.id();
    TokenRecord before = service.get(adminB, id).orElseThrow();
    assertThat(service.get(adminA, id)).isEmpty();
    assertThat(service.list(adminA, TokenFilter.all(), null, 100).items()).isEmpty();
    assertThatThrownBy(
            () -> service.update(adminA, id, TokenUpdate.builder().enabled(false).build()))
        .isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> service.regenerate(adminA, id, Duration.ZERO))
        .isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> service.revoke(adminA, id)).isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> service.reveal(adminA, id)).isInstanceOf(TokenNotFoundException.class);
    assertThat(service.delete(adminA, id)).isFalse();
    assertThatThrownBy(
            () -> service.list(adminA, TokenFilter.builder().tenant("globex").build(), null, 10))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("tokens.all-tenants");
    assertThatThrownBy(
            () ->
                service.create(adminA, CreateTokenRequest.named("sneaky").tenant("globex").build()))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("tokens.all-tenants");
    assertThat(service.get(adminB, id)).contains(before);
    assertThat(service.authenticate(b.token(), null).isAuthenticated()).isTrue();
  }

  @Test
  void anActorWithoutATenantSeesOnlyTokensWithoutOne() {
    create(adminA, "acme bot");
    IssuedToken plain = create(f.admin, "plain");
    Actor untenanted =
        Actor.of("admin", EnumSet.of(AdminPermission.READ, AdminPermission.CREATE), Set.of("*:*"));
    assertThat(service.list(untenanted, TokenFilter.all(), null, 10).items())
        .extracting(TokenRecord::id)
        .containsExactly(plain.id());
  }

  @Test
  void crossTenantAccessIsAnExplicitPermission() {
    IssuedToken a = create(adminA, "acme bot");
    IssuedToken b = create(adminB, "globex bot");
    Actor operator = f.admin; // holds tokens.all-tenants
    assertThat(service.list(operator, TokenFilter.all(), null, 10).items()).hasSize(2);
    assertThat(
            service.list(operator, TokenFilter.builder().tenant("acme").build(), null, 10).items())
        .extracting(TokenRecord::id)
        .containsExactly(a.id());
    service.revoke(operator, b.id());
    IssuedToken made =
        service.create(operator, CreateTokenRequest.named("for globex").tenant("globex").build());
    assertThat(service.get(adminB, made.id())).isPresent();
  }

  @Test
  void theTenantIsInThePrincipalAndInAuditEvents() {
    IssuedToken a = create(adminA, "acme bot");
    TokenPrincipal principal = service.authenticate(a.token(), null).principal().orElseThrow();
    assertThat(principal.tenant()).contains("acme");
    service.update(adminA, a.id(), TokenUpdate.builder().description("ours").build());
    service.delete(adminA, a.id());
    assertThat(f.events)
        .extracting(AuditEvent::type)
        .containsExactly(
            AuditEvent.Type.CREATED,
            AuditEvent.Type.AUTHENTICATED,
            AuditEvent.Type.UPDATED,
            AuditEvent.Type.DELETED);
    assertThat(f.events).allSatisfy(e -> assertThat(e.tenant()).contains("acme"));
    assertThat(create(f.admin, "plain").record().tenant()).isEmpty();
    assertThat(f.events.get(f.events.size() - 1).tenant()).isEmpty();
  }

  @Test
  void badTenantsAreRefusedNamingTheField() {
    for (String bad : new String[] {"", "  ", "x".repeat(129), "a\u0000b", "a\u001fb", "tab\t"}) {
      assertThatThrownBy(() -> CreateTokenRequest.named("t").tenant(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tenant");
      assertThatThrownBy(() -> f.admin.withTenant(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("tenant");
    }
    assertThat(CreateTokenRequest.named("t").tenant("Mandant München ✓").build().tenant())
        .contains("Mandant München ✓");
    assertThat(CreateTokenRequest.named("t").tenant("x".repeat(128)).build().tenant()).isPresent();
  }

  @Test
  void aGroupOwnedTokenInheritsTheGroupsCurrentPermissions() {
    IssuedToken token =
        service.create(
            f.admin,
            CreateTokenRequest.named("team bot")
                .ownerGroup("editors")
                .access(TokenAccess.fullAccess())
                .build());
    TokenRecord record = service.get(f.admin, token.id()).orElseThrow();
    assertThat(record.ownerKind()).isEqualTo(OwnerKind.GROUP);
    assertThat(record.ownerId()).contains("editors");
    TokenPrincipal p = service.authenticate(token.token(), null).principal().orElseThrow();
    assertThat(p.effectivePermissions()).containsExactlyInAnyOrder("content:read", "content:write");
    assertThat(p.ownerKind()).isEqualTo(OwnerKind.GROUP);
    assertThat(p.actingUserId()).isEmpty();

    groups.put("editors", Owner.active("editors", "content:read"));
    assertThat(
            service
                .authenticate(token.token(), null)
                .principal()
                .orElseThrow()
                .effectivePermissions())
        .containsExactly("content:read");
    groups.put("editors", Owner.inactive("editors"));
    assertThat(service.authenticate(token.token(), null))
        .isInstanceOfSatisfying(
            AuthResult.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(RejectionReason.OWNER_INACTIVE));
  }

  @Test
  void aGroupMustBeKnownAndActiveAndAMemberNeedsNoImpersonate() {
    for (String group : new String[] {"retired", "nobody"}) {
      assertThatThrownBy(
              () ->
                  service.create(f.admin, CreateTokenRequest.named("x").ownerGroup(group).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ownerId")
          .hasMessageContaining("group");
    }
    Actor member =
        Actor.of("alice", EnumSet.of(AdminPermission.CREATE), Set.of("content:*"))
            .withGroups(List.of("editors"));
    Actor outsider = Actor.of("alice", EnumSet.of(AdminPermission.CREATE), Set.of("content:*"));
    CreateTokenRequest request =
        CreateTokenRequest.named("team")
            .ownerGroup("editors")
            .access(TokenAccess.custom("content:read"))
            .build();
    assertThatThrownBy(() -> service.create(outsider, request))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("group");
    assertThat(service.create(member, request).record().ownerKind()).isEqualTo(OwnerKind.GROUP);
  }

  @Test
  void withoutGroupsInTheDirectoryGroupOwnedTokensAreRefused() {
    TokenService usersOnly =
        f.builder()
            .permissionModel(PermissionModel.builder().catalog(AccessControlTest.CATALOG).build())
            .build();
    assertThatThrownBy(
            () ->
                usersOnly.create(
                    f.admin, CreateTokenRequest.named("x").ownerGroup("editors").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names no known group");
  }

  @Test
  void aTokenIsHandedToAGroupAndBack() {
    IssuedToken token =
        service.create(
            f.admin,
            CreateTokenRequest.named("handed")
                .kind(TokenKind.API)
                .ownerId("alice")
                .access(TokenAccess.custom("content:read"))
                .build());
    service.update(f.admin, token.id(), TokenUpdate.builder().ownerGroup("editors").build());
    assertThat(service.get(f.admin, token.id()).orElseThrow().ownerKind())
        .isEqualTo(OwnerKind.GROUP);
    assertThat(f.events.get(f.events.size() - 1).changes())
        .containsExactly(AuditEvent.Change.of("owner", "alice", "group:editors"));
    service.update(f.admin, token.id(), TokenUpdate.builder().ownerId("alice").build());
    assertThat(service.get(f.admin, token.id()).orElseThrow().ownerKind())
        .isEqualTo(OwnerKind.USER);
  }
}

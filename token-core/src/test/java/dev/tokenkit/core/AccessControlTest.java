package dev.tokenkit.core;

import static dev.tokenkit.core.TokenLifecycleTest.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class AccessControlTest {

  static final PermissionCatalog CATALOG =
      PermissionCatalog.builder()
          .read("content", "read")
          .publicRead("content", "view")
          .write("content", "write", "delete")
          .read("blog", "read")
          .write("blog", "write")
          .read("settings", "read")
          .build();

  /** Every declared permission of {@link #CATALOG} and wildcards over them. */
  static final List<String> DECLARED_PATTERNS =
      List.of(
          "content:read",
          "content:view",
          "content:write",
          "content:delete",
          "blog:read",
          "blog:write",
          "settings:read",
          "content:*",
          "blog:*",
          "*:read",
          "*:write",
          "*:*");

  private final Fixtures f = new Fixtures();

  /** Allows ownerless tokens (an opt-in) so that their scope-only bound can be tested too. */
  private final TokenService service =
      f.builder()
          .permissionModel(PermissionModel.builder().catalog(CATALOG).build())
          .policy(TokenPolicy.builder().allowOwnerless(true).build())
          .build();

  AccessControlTest() {
    f.users.put("alice", Owner.active("alice", "content:*", "blog:read"));
    f.users.put("bob", Owner.active("bob", "*:read"));
  }

  private TokenPrincipal principal(IssuedToken t) {
    return service.authenticate(t.token(), null).principal().orElseThrow();
  }

  private IssuedToken create(CreateTokenRequest.Builder request) {
    return service.create(f.admin, request.build());
  }

  @Test
  void fullAccessIsEverythingTheOwnerMayDo() {
    TokenPrincipal p = principal(create(CreateTokenRequest.named("full").ownerId("alice")));
    assertThat(p.effectivePermissions())
        .containsExactly(
            "blog:read", "content:delete", "content:read", "content:view", "content:write");
    assertThat(p.authorize("content:write", null)).isEqualTo(Decision.ALLOW);
    assertThat(p.authorize("blog:write")).isEqualTo(Decision.OWNER_LACKS_PERMISSION);
    assertThat(p.authorize("settings:read")).isEqualTo(Decision.OWNER_LACKS_PERMISSION);
  }

  @Test
  void readOnlyAllowsOnlyDeclaredReads() {
    TokenPrincipal p =
        principal(
            create(CreateTokenRequest.named("ro").ownerId("alice").access(TokenAccess.readOnly())));
    assertThat(p.effectivePermissions())
        .containsExactly("blog:read", "content:read", "content:view");
    assertThat(p.authorize("content:read")).isEqualTo(Decision.ALLOW);
    assertThat(p.authorize("content:write")).isEqualTo(Decision.READ_ONLY);
    assertThat(p.authorize("content:delete")).isEqualTo(Decision.READ_ONLY);
    assertThat(Decision.READ_ONLY.httpStatus()).isEqualTo(403);
  }

  @Test
  void customScopesWithWildcardsAreIntersectedWithTheOwner() {
    TokenPrincipal p =
        principal(
            create(
                CreateTokenRequest.named("custom")
                    .ownerId("alice")
                    .access(TokenAccess.custom("content:read", "blog:*"))));
    assertThat(p.authorize("content:read")).isEqualTo(Decision.ALLOW);
    assertThat(p.authorize("content:write")).isEqualTo(Decision.OUTSIDE_SCOPE);
    assertThat(p.authorize("blog:read")).isEqualTo(Decision.ALLOW);
    assertThat(p.authorize("blog:write")).isEqualTo(Decision.OWNER_LACKS_PERMISSION);
    assertThat(p.effectivePermissions()).containsExactly("blog:read", "content:read");
  }

  @Test
  void unknownPermissionsAreRefusedAtCreationListingEveryOne() {
    assertThatThrownBy(
            () ->
                create(
                    CreateTokenRequest.named("bad")
                        .access(
                            TokenAccess.custom(
                                "content:read", "nope:read", "content:fly", "Bad Perm"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"nope:read\"")
        .hasMessageContaining("\"content:fly\"")
        .hasMessageContaining("\"Bad Perm\"")
        .hasMessageNotContaining("\"content:read\"");
    assertThatThrownBy(
            () -> create(CreateTokenRequest.named("all").access(TokenAccess.custom("*:*"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("*:*");
    assertThatThrownBy(() -> create(CreateTokenRequest.named("empty").access(TokenAccess.custom())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(
            () ->
                create(
                    CreateTokenRequest.named("mixed")
                        .access(
                            TokenAccess.fullAccess()
                                .withMode(AccessMode.READ_ONLY, List.of("content:read")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only allowed with CUSTOM");
    assertThat(f.store.writes.get()).isZero();
  }

  @Test
  void demotingTheOwnerTakesEffectOnTheNextRequest() {
    IssuedToken t = create(CreateTokenRequest.named("demote").ownerId("alice"));
    assertThat(principal(t).authorize("content:write")).isEqualTo(Decision.ALLOW);
    f.users.put("alice", Owner.active("alice", "content:read"));
    assertThat(principal(t).authorize("content:write")).isEqualTo(Decision.OWNER_LACKS_PERMISSION);
    f.users.put("alice", Owner.inactive("alice"));
    assertThat(rejection(service.authenticate(t.token(), null)))
        .isEqualTo(RejectionReason.OWNER_INACTIVE);
  }

  @Test
  void ownerlessTokensAreBoundedByTheirScopeAndNeedAnActorHoldingIt() {
    TokenPrincipal p =
        principal(
            create(
                CreateTokenRequest.named("ownerless")
                    .withoutOwner()
                    .access(TokenAccess.custom("blog:*"))));
    assertThat(p.ownerId()).isEmpty();
    assertThat(p.authorize("blog:write")).isEqualTo(Decision.ALLOW);
    assertThat(p.authorize("content:read")).isEqualTo(Decision.OUTSIDE_SCOPE);

    Actor editor = Actor.of("alice", EnumSet.of(AdminPermission.CREATE), Set.of("content:*"));
    assertThatThrownBy(
            () ->
                service.create(editor, CreateTokenRequest.named("too much").withoutOwner().build()))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("blog:write");
    assertThat(
            service
                .create(
                    editor,
                    CreateTokenRequest.named("fine")
                        .withoutOwner()
                        .access(TokenAccess.custom("content:*"))
                        .build())
                .record()
                .ownerId())
        .isEmpty();
  }

  @Test
  void everyManagementOperationNeedsItsAdminPermission() {
    IssuedToken t = create(CreateTokenRequest.named("gated"));
    Actor nobody = Actor.of("mallory", Set.of(), Set.of("*:*"));
    List<Runnable> calls =
        List.of(
            () -> service.create(nobody, CreateTokenRequest.named("x").build()),
            () -> service.get(nobody, t.id()),
            () -> service.list(nobody, dev.tokenkit.store.spi.TokenFilter.all(), null, 10),
            () -> service.update(nobody, t.id(), TokenUpdate.builder().name("y").build()),
            () -> service.regenerate(nobody, t.id(), Duration.ZERO),
            () -> service.revoke(nobody, t.id()),
            () -> service.delete(nobody, t.id()));
    List<String> needed =
        List.of(
            "tokens.create",
            "tokens.read",
            "tokens.read",
            "tokens.update",
            "tokens.regenerate",
            "tokens.delete",
            "tokens.delete");
    for (int i = 0; i < calls.size(); i++) {
      Runnable call = calls.get(i);
      assertThatThrownBy(call::run)
          .isInstanceOf(TokenAccessDeniedException.class)
          .hasMessageContaining(needed.get(i));
    }
    assertThat(service.get(f.admin, t.id())).contains(t.record());
    assertThatThrownBy(() -> service.get(null, t.id()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anActorCannotCreateOrWidenBeyondTheirOwnPermissions() {
    // IMPERSONATE lets alice name admin as owner; the permission ceiling still holds.
    Actor editor =
        Actor.of(
            "alice",
            EnumSet.of(AdminPermission.CREATE, AdminPermission.UPDATE, AdminPermission.IMPERSONATE),
            Set.of("content:*", "blog:read"));
    assertThatThrownBy(
            () ->
                service.create(
                    editor, CreateTokenRequest.named("for admin").ownerId("admin").build()))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("settings:read");
    IssuedToken narrow =
        service.create(
            editor,
            CreateTokenRequest.named("narrow")
                .ownerId("admin")
                .access(TokenAccess.custom("content:read"))
                .build());
    assertThatThrownBy(
            () ->
                service.update(
                    editor,
                    narrow.id(),
                    TokenUpdate.builder()
                        .access(a -> a.withMode(AccessMode.FULL_ACCESS, List.of()))
                        .build()))
        .isInstanceOf(TokenAccessDeniedException.class);
    assertThat(service.get(f.admin, narrow.id()).orElseThrow().access().mode())
        .isEqualTo(AccessMode.CUSTOM);
    assertThat(
            service
                .update(
                    editor,
                    narrow.id(),
                    TokenUpdate.builder()
                        .access(a -> a.withMode(AccessMode.CUSTOM, List.of("content:*")))
                        .build())
                .access()
                .scopes())
        .containsExactly("content:*");
    AuditEvent last = f.events.get(f.events.size() - 1);
    assertThat(last.actorId()).contains("alice");
    assertThat(last.changes()).extracting(AuditEvent.Change::field).containsExactly("access");
  }

  @Test
  void serverTokensActAsTheirRestrictedUserAndUnrestrictedOnesNeedImpersonate() {
    IssuedToken restricted =
        create(
            CreateTokenRequest.named("server")
                .kind(TokenKind.SERVER)
                .ownerId("admin")
                .access(TokenAccess.fullAccess().withRestrictedUser("bob")));
    assertThat(restricted.token()).startsWith("tks_").hasSize(4 + 12 + 64 + 6);
    assertThat(restricted.secret()).hasSize(64);
    assertThat(restricted.key()).isEqualTo(restricted.id().value());
    TokenPrincipal p = principal(restricted);
    assertThat(p.actingUserId()).contains("bob");
    assertThat(p.authorize("settings:read")).isEqualTo(Decision.ALLOW);
    assertThat(p.authorize("content:write")).isEqualTo(Decision.OWNER_LACKS_PERMISSION);
    f.users.put("bob", Owner.inactive("bob"));
    assertThat(rejection(service.authenticate(restricted.token(), null)))
        .isEqualTo(RejectionReason.OWNER_INACTIVE);

    Actor noImpersonation =
        Actor.of(
            "admin", EnumSet.complementOf(EnumSet.of(AdminPermission.IMPERSONATE)), Set.of("*:*"));
    assertThatThrownBy(
            () ->
                service.create(
                    noImpersonation,
                    CreateTokenRequest.named("any user").kind(TokenKind.SERVER).build()))
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessageContaining("tokens.impersonate");
    assertThat(
            create(CreateTokenRequest.named("any user").kind(TokenKind.SERVER))
                .record()
                .access()
                .restrictedUser())
        .isEmpty();
    assertThatThrownBy(
            () ->
                create(
                    CreateTokenRequest.named("api restricted")
                        .access(TokenAccess.fullAccess().withRestrictedUser("bob"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only for server tokens");
  }

  @Test
  void browserTokensGetOnlyTheBrowserScopeAndNeverWrites() {
    IssuedToken widget =
        create(
            CreateTokenRequest.named("widget")
                .kind(TokenKind.BROWSER)
                .ownerId("admin")
                .access(
                    TokenAccess.fullAccess()
                        .withAllowedOrigins(List.of("example.com, *.example.com"))));
    assertThat(widget.token()).startsWith("tkb_").hasSize(4 + 12 + 6);
    assertThat(widget.secret()).isEmpty();
    assertThat(widget.record().secret()).isEmpty();
    assertThat(widget.record().access().allowedOrigins())
        .containsExactly("*.example.com", "example.com");
    TokenPrincipal p =
        service
            .authenticate(
                widget.token(), RequestContext.builder().origin("https://app.example.com").build())
            .principal()
            .orElseThrow();
    assertThat(p.effectivePermissions()).containsExactly("content:view");
    assertThat(p.authorize("content:view")).isEqualTo(Decision.ALLOW);
    assertThat(p.authorize("content:write")).isEqualTo(Decision.OUTSIDE_SCOPE);
    assertThat(p.authorize("content:read")).isEqualTo(Decision.OUTSIDE_SCOPE);

    assertThatThrownBy(() -> create(CreateTokenRequest.named("no origin").kind(TokenKind.BROWSER)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowedOrigins");
    assertThatThrownBy(
            () ->
                create(
                    CreateTokenRequest.named("custom widget")
                        .kind(TokenKind.BROWSER)
                        .access(
                            TokenAccess.custom("content:read")
                                .withAllowedOrigins(List.of("example.com")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("browser scope");
    assertThatThrownBy(() -> service.regenerate(f.admin, widget.id(), Duration.ZERO))
        .isInstanceOf(IllegalStateException.class);

    PermissionModel wider =
        PermissionModel.builder().catalog(CATALOG).browserScope(List.of("content:read")).build();
    assertThat(wider.browserScope()).containsExactly("content:read");
    assertThatThrownBy(
            () ->
                PermissionModel.builder()
                    .catalog(CATALOG)
                    .browserScope(List.of("content:write"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reads only");
  }

  @Test
  void authorizeNeverThrowsAndDeniesUnknownInput() {
    TokenPrincipal p = principal(create(CreateTokenRequest.named("fuzz").ownerId("alice")));
    for (String bad :
        new String[] {
          null, "", ":", "content", "CONTENT:READ", "nope:read", "x".repeat(10_000), "é:é"
        }) {
      assertThat(p.authorize(bad, "/anything")).isEqualTo(Decision.OUTSIDE_SCOPE);
    }
  }

  @Test
  void theAllowPathAllocatesNothing() {
    TokenPrincipal p =
        principal(
            create(
                CreateTokenRequest.named("alloc")
                    .ownerId("alice")
                    .access(TokenAccess.custom("content:*"))));
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
    threads.setThreadAllocatedMemoryEnabled(true);
    String permission = "content:write";
    for (int i = 0; i < 50_000; i++) {
      p.authorize(permission, null);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    int allowed = 0;
    for (int i = 0; i < 100_000; i++) {
      if (p.authorize(permission, null) == Decision.ALLOW) {
        allowed++;
      }
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(allowed).isEqualTo(100_000);
    // A few hundred bytes of slack for the measurement itself; one object per call would be ~1.6
    // MB.
    assertThat(allocated).isBetween(0L, 10_000L);
    // The probe itself must be able to see allocation.
    long probe = threads.getCurrentThreadAllocatedBytes();
    List<int[]> garbage = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      garbage.add(new int[16]);
    }
    assertThat(threads.getCurrentThreadAllocatedBytes() - probe).isGreaterThan(50_000L);
    assertThat(garbage).hasSize(1000);
  }

  /** Properties over random scopes and owners. */
  @Test
  void effectivePermissionsNeverExceedScopeOrOwnerAndReadOnlyNeverWrites() {
    Gen<List<String>> sets = lists().of(Generate.pick(DECLARED_PATTERNS)).ofSizeBetween(0, 5);
    Gen<AccessMode> modes = Generate.enumValues(AccessMode.class);
    qt().withExamples(300)
        .forAll(modes, sets, sets)
        .checkAssert(
            (mode, scope, ownerPermissions) -> {
              Set<String> custom = new HashSet<>(scope);
              custom.remove("*:*");
              if (mode == AccessMode.CUSTOM && custom.isEmpty()) {
                return;
              }
              Fixtures fx = new Fixtures();
              fx.users.put("u", Owner.of("u", true, ownerPermissions));
              TokenService s =
                  fx.builder()
                      .permissionModel(PermissionModel.builder().catalog(CATALOG).build())
                      .build();
              IssuedToken t =
                  s.create(
                      fx.admin,
                      CreateTokenRequest.named("p")
                          .ownerId("u")
                          .access(
                              TokenAccess.fullAccess()
                                  .withMode(mode, mode == AccessMode.CUSTOM ? custom : Set.of()))
                          .build());
              TokenPrincipal p = s.authenticate(t.token(), null).principal().orElseThrow();
              PermissionModel rules = PermissionModel.builder().catalog(CATALOG).build();
              Set<String> effective = p.effectivePermissions();
              assertThat(rules.scopeOf(mode, mode == AccessMode.CUSTOM ? custom : Set.of()))
                  .containsAll(effective);
              assertThat(rules.permissionsOf(ownerPermissions)).containsAll(effective);
              for (Permission perm : CATALOG.permissions()) {
                boolean allowed = p.authorize(perm.toString()).isAllowed();
                assertThat(allowed).isEqualTo(effective.contains(perm.toString()));
                if (mode == AccessMode.READ_ONLY && !CATALOG.isRead(perm)) {
                  assertThat(allowed).isFalse();
                }
              }
            });
  }

  @Test
  void permissionSetsAreUnmodifiableSortedSets() {
    PermissionModel rules = PermissionModel.builder().catalog(CATALOG).build();
    Set<String> reads = rules.permissionsOf(List.of("*:read", "content:view", "nope:*", "NOT A"));
    Set<String> expected = Set.of("blog:read", "content:read", "content:view", "settings:read");
    assertThat(reads)
        .containsExactly("blog:read", "content:read", "content:view", "settings:read")
        .isEqualTo(expected)
        .hasSameHashCodeAs(expected);
    assertThat(expected).isEqualTo(reads);
    Object notAString = 42;
    assertThat(reads.contains(notAString)).isFalse();
    assertThat(reads.contains(null)).isFalse();
    assertThat(reads.contains("content:write")).isFalse();
    assertThat(reads).hasToString("[blog:read, content:read, content:view, settings:read]");
    assertThatThrownBy(() -> reads.remove("blog:read"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(reads::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(
            () -> {
              var it = reads.iterator();
              it.next();
              it.remove();
            })
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(reads).hasSize(4);
    assertThat(rules.permissionsOf(List.of())).isEmpty();
    assertThat(rules.browserScope()).containsExactly("content:view");
  }

  /** Stored scopes and directory answers may hold anything: malformed, undeclared, wildcards. */
  private static final List<String> ANY_PATTERNS =
      Stream.concat(
              DECLARED_PATTERNS.stream(),
              Stream.of(
                  "gone:read",
                  "gone:*",
                  "*:gone",
                  "CONTENT:READ",
                  "content:",
                  ":read",
                  "content:read:read",
                  " content:read",
                  "content:re*",
                  "*",
                  "",
                  "blog:*:*"))
          .toList();

  /**
   * The catalog's precomputed answers (the bit set of a pattern list, the patterns that cover
   * nothing, one permission's lookup in a set of either kind) agree with parsing every pattern and
   * asking {@link Permission#covers}.
   */
  @Test
  void precomputedCoverageAgreesWithParsingEachPattern() {
    qt().withExamples(1000)
        .forAll(lists().of(Generate.pick(ANY_PATTERNS)).ofSizeBetween(0, 8))
        .checkAssert(
            patterns -> {
              List<String> unknown = new ArrayList<>();
              BitSet bits = CATALOG.bitsOf(patterns, unknown);
              List<String> coverNothing = new ArrayList<>();
              for (String pattern : patterns) {
                if (CATALOG.permissions().stream().noneMatch(p -> covers(pattern, p))) {
                  coverNothing.add(pattern);
                }
              }
              assertThat(unknown).isEqualTo(coverNothing);
              for (Permission perm : CATALOG.permissions()) {
                PermissionCatalog.Entry entry = CATALOG.entry(perm.toString());
                assertThat(entry).isNotNull();
                boolean expected = patterns.stream().anyMatch(pattern -> covers(pattern, perm));
                assertThat(bits.get(entry.index)).as("%s in bits", perm).isEqualTo(expected);
                for (Set<String> set :
                    List.<Set<String>>of(new TreeSet<>(patterns), Set.copyOf(patterns))) {
                  assertThat(entry.coveredBy(set))
                      .as("%s covered by %s", perm, set)
                      .isEqualTo(expected);
                }
              }
            });
  }

  private static boolean covers(String pattern, Permission permission) {
    try {
      return Permission.parse(pattern).covers(permission);
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  /**
   * For any stored record (every kind and mode, scopes the catalog may not declare) and any owner
   * and acting user, {@code authorize} decides as the catalog bit sets behind {@code
   * effectivePermissions} say.
   */
  /** Scopes a record of {@code mode} can hold: none but with CUSTOM, which needs at least one. */
  private static List<String> storable(AccessMode mode, List<String> scopes) {
    if (mode != AccessMode.CUSTOM) {
      return List.of();
    }
    return scopes.isEmpty() ? List.of("undeclared:read") : scopes;
  }

  @Test
  void authorizeAgreesWithTheBitSetsForAnyRecordAndUsers() {
    PermissionModel rules = PermissionModel.builder().catalog(CATALOG).build();
    Gen<List<String>> sets = lists().of(Generate.pick(ANY_PATTERNS)).ofSizeBetween(0, 6);
    qt().withExamples(1000)
        .forAll(integers().between(0, 3 * 3 * 3 * 2 - 1), sets, sets, sets)
        .checkAssert(
            (shape, scopes, ownerPermissions, actingPermissions) -> {
              TokenKind kind = List.copyOf(EnumSet.allOf(TokenKind.class)).get(shape % 3);
              AccessMode mode = List.copyOf(EnumSet.allOf(AccessMode.class)).get(shape / 3 % 3);
              int ownerCase = shape / 9 % 3; // 0: no owner, 1: owner known, 2: owner unknown
              boolean acting = shape / 27 == 1;
              TokenRecord record =
                  TokenRecord.builder()
                      .id(TokenId.of("abcdefghijkl"))
                      .kind(kind)
                      .name("any")
                      .secret(kind == TokenKind.BROWSER ? null : HashedSecret.of(1, new byte[32]))
                      .access(TokenAccess.fullAccess().withMode(mode, storable(mode, scopes)))
                      .ownerId(ownerCase == 0 ? null : "u")
                      .createdAt(Instant.EPOCH)
                      .build();
              TokenPrincipal p =
                  new TokenPrincipal(
                      record,
                      ownerCase == 1 ? Owner.of("u", true, ownerPermissions) : null,
                      acting ? Owner.of("a", true, actingPermissions) : null,
                      rules);
              BitSet scope = rules.scopeOf(record);
              Set<String> effective = p.effectivePermissions();
              assertThat(new ArrayList<>(effective)).isSorted();
              assertThatThrownBy(() -> effective.add("content:read"))
                  .isInstanceOf(UnsupportedOperationException.class);
              for (Permission perm : CATALOG.permissions()) {
                PermissionCatalog.Entry entry = CATALOG.entry(perm.toString());
                assertThat(entry).isNotNull();
                Decision expected;
                if (!scope.get(entry.index)) {
                  expected =
                      mode == AccessMode.READ_ONLY && !entry.read && kind != TokenKind.BROWSER
                          ? Decision.READ_ONLY
                          : Decision.OUTSIDE_SCOPE;
                } else if (!effective.contains(perm.toString())) {
                  expected = Decision.OWNER_LACKS_PERMISSION;
                } else {
                  expected = Decision.ALLOW;
                }
                assertThat(p.authorize(perm.toString())).as("%s", perm).isEqualTo(expected);
              }
            });
  }
}

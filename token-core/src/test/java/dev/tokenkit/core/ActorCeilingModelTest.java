package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Model-based property: a root admin creates random tokens, then one random actor (random admin
 * permissions, own permissions, roots and identity) runs a random sequence of management calls.
 * After every step: no credential the actor obtained can do anything the actor may not, nor act for
 * another user without {@code tokens.impersonate}; and no token can do anything it could not do
 * before the step unless the actor may do it too. Reach is measured by the real service: every
 * token's current credential is authenticated at several times, origins and addresses, and
 * authorized for every permission on two subtrees.
 */
class ActorCeilingModelTest {

  private static final List<String> USERS = List.of("admin", "alice", "bob");

  /** Declared permissions and wildcards over them, as a user may hold them. */
  private static final List<String> PATTERNS =
      AccessControlTest.DECLARED_PATTERNS.stream().filter(p -> !p.equals("*:*")).toList();

  private static final List<String> PERMISSIONS =
      List.of(
          "content:read",
          "content:view",
          "content:write",
          "content:delete",
          "blog:read",
          "blog:write",
          "settings:read");
  private static final List<String> RESOURCES = List.of("/docs/guide", "/blog");
  private static final List<Duration> LATER =
      List.of(Duration.ZERO, Duration.ofDays(8), Duration.ofDays(40), Duration.ofDays(400));
  private static final List<String> ORIGINS = List.of("https://example.com", "https://evil.test");
  private static final List<String> ADDRESSES = List.of("10.1.2.3", "192.0.2.1");

  @Test
  void noSequenceOfCallsLetsAnActorGainMoreThanItHolds() {
    qt().withExamples(150).forAll(longs().all()).checkAssert(seed -> new Run(seed).play());
  }

  /** One random scenario. */
  private static final class Run {
    final Random random;
    final Fixtures f = new Fixtures();
    final TokenService service =
        f.builder()
            .keyRing(KeyRing.of(1, SealedSecretsTest.KEY_1))
            .permissionModel(
                PermissionModel.builder()
                    .catalog(AccessControlTest.CATALOG)
                    .resourceTree(MapResourceTree.contentSite())
                    .build())
            .build();
    final PermissionModel rules =
        PermissionModel.builder()
            .catalog(AccessControlTest.CATALOG)
            .resourceTree(MapResourceTree.contentSite())
            .build();

    /** Each token's current credential, as the test knows it. */
    final Map<TokenId, String> credentials = new HashMap<>();

    /** Credentials the actor was handed (create, regenerate, reveal). */
    final Set<String> held = new HashSet<>();

    final Actor actor;
    final Set<String> actorPermissions;
    final List<String> log = new ArrayList<>();

    Run(long seed) {
      random = new Random(seed);
      f.users.put("alice", Owner.active("alice", "content:*", "blog:read"));
      f.users.put("bob", Owner.active("bob", "*:read"));
      Set<AdminPermission> admin = EnumSet.noneOf(AdminPermission.class);
      for (AdminPermission p : AdminPermission.values()) {
        if (random.nextInt(3) > 0 && (p != AdminPermission.IMPERSONATE || random.nextBoolean())) {
          admin.add(p);
        }
      }
      Actor a = Actor.of(pick(USERS), admin, subset(PATTERNS, 4));
      actor = random.nextInt(3) == 0 ? a.withRootNodes(List.of("/docs")) : a;
      actorPermissions = rules.permissionsOf(actor.permissions());
      log.add("seed " + seed + ", actor " + actor + " holding " + actorPermissions);
    }

    void play() {
      for (int i = 0; i < 6; i++) {
        try {
          IssuedToken t = service.create(f.admin, randomRequest("root " + i).build());
          credentials.put(t.id(), t.token());
        } catch (IllegalArgumentException e) {
          // An invalid random request: fine, try the next.
        }
      }
      for (int step = 0; step < 25; step++) {
        Map<TokenId, Set<String>> before = reachOfAll();
        String what = actorStep(step);
        log.add(what);
        Map<TokenId, Set<String>> after = reachOfAll();
        for (Map.Entry<TokenId, Set<String>> token : after.entrySet()) {
          Set<String> gained = new HashSet<>(token.getValue());
          gained.removeAll(before.getOrDefault(token.getKey(), Set.of()));
          for (String point : gained) {
            assertThat(actorMay(point))
                .as("%s gained %s, beyond the actor; %s", token.getKey(), point, log)
                .isTrue();
          }
        }
        for (String credential : held) {
          checkHeld(credential);
        }
      }
    }

    /** One management call by the actor; returns what it did, for the failure message. */
    String actorStep(int step) {
      List<TokenId> ids = new ArrayList<>(credentials.keySet());
      TokenId id = ids.isEmpty() ? TokenId.of("AAAAAAAAAAAA") : pick(ids);
      int op = random.nextInt(7);
      String what = "step " + step + " op " + op + " on " + id;
      try {
        switch (op) {
          case 0 -> {
            CreateTokenRequest request = randomRequest("actor " + step).build();
            what += " create " + request.kind() + " " + request.ownerId();
            IssuedToken t = service.create(actor, request);
            credentials.put(t.id(), t.token());
            held.add(t.token());
          }
          case 1 -> {
            IssuedToken t = service.regenerate(actor, id, Duration.ZERO);
            credentials.put(t.id(), t.token());
            held.add(t.token());
          }
          case 2 -> held.add(service.reveal(actor, id).token());
          case 3 -> service.revoke(actor, id);
          case 4 -> {
            service.delete(actor, id);
          }
          default -> {
            TokenUpdate update = randomUpdate();
            what += " update " + update;
            service.update(actor, id, update);
          }
        }
        return what + ": done";
      } catch (TokenAccessDeniedException
          | IllegalArgumentException
          | IllegalStateException
          | TokenNotFoundException
          | StaleTokenException e) {
        return what + ": refused (" + e.getMessage() + ")";
      }
    }

    /** Whether the actor may itself do what a reach point describes. */
    boolean actorMay(String point) {
      String[] parts = point.split(" ", -1);
      String acting = parts[0];
      String permission = parts[1];
      String resource = parts[2];
      boolean identity =
          actor.has(AdminPermission.IMPERSONATE) || acting.equals("-") || acting.equals(actor.id());
      boolean roots = actor.rootNodes().isEmpty() || resource.startsWith("/docs");
      return identity && roots && actorPermissions.contains(permission);
    }

    void checkHeld(String credential) {
      for (String point : reachOf(credential)) {
        assertThat(actorMay(point))
            .as("the actor holds a credential that may %s; %s", point, log)
            .isTrue();
      }
    }

    Map<TokenId, Set<String>> reachOfAll() {
      Map<TokenId, Set<String>> reach = new HashMap<>();
      credentials.forEach((id, credential) -> reach.put(id, reachOf(credential)));
      return reach;
    }

    /**
     * What {@code credential} can do: "actingUser permission resource time origin address" for
     * every allowed combination (an unrestricted server token counts as acting for "*", any user).
     */
    Set<String> reachOf(String credential) {
      Set<String> reach = new HashSet<>();
      Instant start = f.clock.instant();
      try {
        for (Duration later : LATER) {
          f.clock.advance(Duration.between(f.clock.instant(), start.plus(later)));
          for (String origin : ORIGINS) {
            for (String address : ADDRESSES) {
              RequestContext context =
                  RequestContext.builder().origin(origin).clientAddress(address).build();
              TokenPrincipal p = service.authenticate(credential, context).principal().orElse(null);
              if (p != null) {
                addReach(reach, p, later.toDays() + "d " + origin + " " + address);
              }
            }
          }
        }
      } finally {
        f.clock.advance(Duration.between(f.clock.instant(), start));
      }
      return reach;
    }

    private void addReach(Set<String> reach, TokenPrincipal p, String where) {
      boolean anyUser =
          p.kind() == TokenKind.SERVER
              && service
                  .get(f.admin, p.tokenId())
                  .orElseThrow()
                  .access()
                  .restrictedUser()
                  .isEmpty();
      String acting = anyUser ? "*" : p.actingUserId().orElse("-");
      for (String permission : PERMISSIONS) {
        for (String resource : RESOURCES) {
          if (p.authorize(permission, resource) == Decision.ALLOW) {
            reach.add(acting + " " + permission + " " + resource + " " + where);
          }
        }
      }
    }

    CreateTokenRequest.Builder randomRequest(String name) {
      TokenKind kind = pick(List.of(TokenKind.API, TokenKind.API, TokenKind.SERVER));
      CreateTokenRequest.Builder b = CreateTokenRequest.named(name).kind(kind);
      int owner = random.nextInt(USERS.size() + 1);
      if (owner == USERS.size()) {
        b.withoutOwner();
      } else {
        b.ownerId(USERS.get(owner));
      }
      String restricted = null;
      if (kind == TokenKind.SERVER && random.nextBoolean()) {
        restricted = pick(USERS);
      }
      TokenAccess access =
          switch (random.nextInt(3)) {
            case 0 -> TokenAccess.readOnly();
            case 1 -> TokenAccess.fullAccess();
            default -> TokenAccess.custom(subset(PATTERNS, 3).toArray(String[]::new));
          };
      access = access.withRestrictedUser(restricted);
      if (random.nextBoolean()) {
        access = access.withRootNodes(List.of(pick(List.of("/docs", "/docs/guide", "/blog"))));
      }
      if (random.nextInt(3) == 0) {
        access = access.withAllowedOrigins(List.of("example.com"));
      }
      if (random.nextInt(3) == 0) {
        access = access.withAllowedCidrs(List.of("10.0.0.0/8"));
      }
      b.access(access);
      b.lifetime(pick(List.of(Lifetime.SEVEN_DAYS, Lifetime.THIRTY_DAYS, Lifetime.UNLIMITED)));
      return b.enabled(random.nextInt(4) > 0);
    }

    TokenUpdate randomUpdate() {
      TokenUpdate.Builder b = TokenUpdate.builder();
      if (random.nextInt(3) == 0) {
        b.enabled(random.nextBoolean());
      }
      if (random.nextInt(3) == 0) {
        b.lifetime(pick(List.of(Lifetime.SEVEN_DAYS, Lifetime.NINETY_DAYS, Lifetime.UNLIMITED)));
      }
      if (random.nextInt(3) == 0) {
        switch (random.nextInt(3)) {
          case 0 -> b.access(a -> a.withMode(AccessMode.READ_ONLY, List.of()));
          case 1 -> b.access(a -> a.withMode(AccessMode.FULL_ACCESS, List.of()));
          default -> {
            List<String> scopes = subset(PATTERNS, 3);
            b.access(a -> a.withMode(AccessMode.CUSTOM, scopes));
          }
        }
      }
      if (random.nextInt(3) == 0) {
        List<String> roots = subset(List.of("/docs", "/docs/guide", "/blog"), 2);
        b.access(a -> a.withRootNodes(roots));
      }
      if (random.nextInt(3) == 0) {
        List<String> origins = subset(List.of("example.com", "evil.test"), 2);
        b.access(a -> a.withAllowedOrigins(origins));
      }
      if (random.nextInt(3) == 0) {
        List<String> cidrs = subset(List.of("10.0.0.0/8", "10.1.0.0/16", "192.0.2.0/24"), 2);
        b.access(a -> a.withAllowedCidrs(cidrs));
      }
      return b.build();
    }

    <T> T pick(List<T> items) {
      return items.get(random.nextInt(items.size()));
    }

    List<String> subset(List<String> items, int max) {
      List<String> out = new ArrayList<>();
      int n = random.nextInt(max + 1);
      for (int i = 0; i < n; i++) {
        String item = pick(items);
        if (!out.contains(item)) {
          out.add(item);
        }
      }
      return out;
    }
  }
}

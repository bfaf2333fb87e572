package dev.tokenkit.spring.security;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.KeyRing;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.PepperRing;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.core.PermissionModel;
import dev.tokenkit.core.ResourceTree;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtIssuer;
import dev.tokenkit.jwt.JwtVerifier;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.ForwardingTokenStore;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A token service over a content tree, with users that tests can deactivate and a breakable store.
 */
final class Fixture {

  static final PermissionCatalog CATALOG =
      PermissionCatalog.builder()
          .read("content", "read")
          .publicRead("content", "view")
          .write("content", "write")
          .write("admin", "manage")
          .build();

  static final Set<String> NODES = Set.of("/", "/docs", "/docs/guide", "/blog");

  static final ResourceTree TREE =
      new ResourceTree() {
        @Override
        public boolean exists(String node) {
          return NODES.contains(node);
        }

        @Override
        public Optional<String> parent(String node) {
          if (node.equals("/") || !NODES.contains(node)) {
            return Optional.empty();
          }
          int slash = node.lastIndexOf('/');
          return Optional.of(slash == 0 ? "/" : node.substring(0, slash));
        }
      };

  final Map<String, Owner> users = new ConcurrentHashMap<>();
  final AtomicBoolean storeDown = new AtomicBoolean();
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
  final Actor admin =
      Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("content:*", "admin:*"));
  final TokenService tokens;
  final JwtVerifier jwtVerifier;

  Fixture() {
    users.put("admin", Owner.active("admin", "content:*", "admin:*"));
    users.put("editor", Owner.active("editor", "content:*"));
    users.put("viewer", Owner.active("viewer", "content:read", "content:view"));
    byte[] pepper = new byte[32];
    pepper[0] = 1;
    byte[] master = new byte[32];
    master[0] = 2;
    JwtIssuer issuer = JwtIssuer.builder().issuer("test").audience("api").clock(clock).build();
    tokens =
        TokenService.builder()
            .store(
                new ForwardingTokenStore(MemoryTokenStore.create()) {
                  @Override
                  public Optional<TokenRecord> find(TokenId id) {
                    if (storeDown.get()) {
                      throw new TokenStoreException("store down (simulated)", null);
                    }
                    return super.find(id);
                  }
                })
            .pepperRing(PepperRing.of(1, pepper))
            .keyRing(KeyRing.of(1, master))
            .owners(
                new dev.tokenkit.core.OwnerDirectory() {
                  @Override
                  public Optional<Owner> find(String id) {
                    return Optional.ofNullable(users.get(id));
                  }

                  @Override
                  public Optional<Owner> findByUsername(String name) {
                    return find(name);
                  }
                })
            .permissionModel(PermissionModel.builder().catalog(CATALOG).resourceTree(TREE).build())
            .jwtIssuer(issuer)
            .clock(clock)
            .rateLimiter(dev.tokenkit.ratelimit.LocalRateLimiter.builder().clock(clock).build())
            .build();
    jwtVerifier =
        JwtVerifier.builder()
            .tokenService(tokens)
            .expectedIssuer("test")
            .expectedAudience("api")
            .clock(clock)
            .build();
  }

  IssuedToken create(CreateTokenRequest.Builder request) {
    return tokens.create(admin, request.build());
  }

  /** A clock tests can move. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

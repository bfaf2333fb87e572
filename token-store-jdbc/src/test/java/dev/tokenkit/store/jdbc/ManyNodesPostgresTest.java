package dev.tokenkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.PepperRing;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.cache.CachingTokenStore;
import dev.tokenkit.store.spi.ForwardingTokenStore;
import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.spi.TokenStoreException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two application nodes, each a TokenService with its own lookup cache, sharing one real
 * PostgreSQL; plus the database stopping and restarting under them. Time moves only when told.
 */
class ManyNodesPostgresTest {

  private static final Duration TTL = Duration.ofSeconds(10);
  private static RestartablePostgres server;
  private static PGSimpleDataSource database;

  private final Instant[] now = {Instant.parse("2026-05-01T00:00:00Z")};
  private final AtomicLong ticker = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();
  private final Actor admin =
      Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("*:*"));
  private TokenService nodeA;
  private TokenService nodeB;

  @BeforeAll
  static void startPostgres() throws IOException {
    server = RestartablePostgres.start("tokenkit-pg");
    database = server.dataSource();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    server.stop();
  }

  @BeforeEach
  void twoNodes() {
    JdbcTokenStore shared = store(countingConnections());
    shared.createSchemaIfMissing();
    H2TokenStoreTest.truncate(database, "tokenkit_tokens");
    nodeA = node(shared);
    nodeB = node(store(database));
  }

  private static JdbcTokenStore store(DataSource ds) {
    return JdbcTokenStore.builder().dataSource(ds).dialect(SqlDialect.POSTGRESQL).build();
  }

  private TokenService node(TokenStore store) {
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    return TokenService.builder()
        .store(CachingTokenStore.builder().ttl(TTL).ticker(ticker::get).wrap(store))
        .pepperRing(
            PepperRing.of(
                1,
                "0123456789abcdef0123456789abcdef"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .owners(id -> Optional.of(Owner.active(id, "*:*")))
        .clock(clock)
        .build();
  }

  /** The shared data source, counting the connections node A opens. */
  private DataSource countingConnections() {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                connections.incrementAndGet();
              }
              try {
                return method.invoke(database, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private void advance(Duration d) {
    ticker.addAndGet(d.toNanos());
  }

  @Test
  void aTokenCreatedOnOneNodeAuthenticatesOnTheOtherAndCachedChecksSkipTheDatabase() {
    IssuedToken t = nodeA.create(admin, CreateTokenRequest.named("shared").build());
    assertThat(nodeB.authenticate(t.token(), null).isAuthenticated()).isTrue();
    assertThat(nodeA.authenticate(t.token(), null).isAuthenticated()).isTrue();
    int before = connections.get();
    for (int i = 0; i < 50; i++) {
      assertThat(nodeA.authenticate(t.token(), null).isAuthenticated()).isTrue();
    }
    assertThat(connections.get()).isEqualTo(before);
  }

  @Test
  void usageFlushesOfTheSameTokensInOppositeOrdersOnTwoNodesNeverDeadlock() throws Exception {
    JdbcTokenStore storeA = store(database);
    JdbcTokenStore storeB = store(database);
    List<TokenId> ids = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      TokenId id = TokenId.of(String.format("flush%07d", i));
      storeA.create(
          TokenRecord.builder()
              .id(id)
              .kind(TokenKind.API)
              .name("flushed " + i)
              .secret(HashedSecret.of(1, new byte[32]))
              .createdAt(now[0])
              .build());
      ids.add(id);
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 1; round <= 5; round++) {
        Map<TokenId, Instant> forwards = new LinkedHashMap<>();
        Map<TokenId, Instant> backwards = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
          forwards.put(ids.get(i), now[0].plusSeconds(round));
          backwards.put(ids.get(ids.size() - 1 - i), now[0].plusSeconds(round));
        }
        CyclicBarrier together = new CyclicBarrier(2);
        Future<?> a =
            pool.submit(
                () -> {
                  together.await();
                  storeA.recordUsage(forwards);
                  return null;
                });
        Future<?> b =
            pool.submit(
                () -> {
                  together.await();
                  storeB.recordUsage(backwards);
                  return null;
                });
        a.get(30, TimeUnit.SECONDS); // a deadlock fails one of them (SQL state 40P01)
        b.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(storeB.find(ids.get(0)).orElseThrow().lastUsedAt()).contains(now[0].plusSeconds(5));
  }

  @Test
  void revocationIsImmediateOnItsNodeAndWithinTheTtlOnTheOther() {
    IssuedToken t = nodeA.create(admin, CreateTokenRequest.named("revoke").build());
    assertThat(nodeB.authenticate(t.token(), null).isAuthenticated()).isTrue();
    nodeA.revoke(admin, t.id());
    assertThat(reason(nodeA.authenticate(t.token(), null))).isEqualTo(RejectionReason.REVOKED);
    assertThat(nodeB.authenticate(t.token(), null).isAuthenticated()).isTrue(); // cached
    advance(TTL.minusSeconds(1));
    assertThat(nodeB.authenticate(t.token(), null).isAuthenticated()).isTrue();
    advance(Duration.ofSeconds(1));
    assertThat(reason(nodeB.authenticate(t.token(), null))).isEqualTo(RejectionReason.REVOKED);
  }

  @Test
  void concurrentRegenerationOnBothNodesHasExactlyOneWinner() throws Exception {
    // Both nodes read the token, then both write: the barrier makes the overlap certain.
    CyclicBarrier bothRead = new CyclicBarrier(2);
    TokenService racerA = node(new ReadThenWriteBarrier(store(database), bothRead));
    TokenService racerB = node(new ReadThenWriteBarrier(store(database), bothRead));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        IssuedToken t = nodeA.create(admin, CreateTokenRequest.named("race " + round).build());
        List<Future<Object>> outcomes = new ArrayList<>();
        for (TokenService node : List.of(racerA, racerB)) {
          outcomes.add(
              pool.submit(
                  () -> {
                    try {
                      return node.regenerate(admin, t.id(), Duration.ZERO);
                    } catch (RuntimeException e) {
                      return e;
                    }
                  }));
        }
        List<Object> results = new ArrayList<>();
        for (Future<Object> f : outcomes) {
          results.add(f.get(60, TimeUnit.SECONDS));
        }
        assertThat(results).filteredOn(o -> o instanceof IssuedToken).hasSize(1);
        assertThat(results).filteredOn(o -> o instanceof StaleTokenException).hasSize(1);
        IssuedToken winner =
            (IssuedToken)
                results.stream().filter(o -> o instanceof IssuedToken).findFirst().orElseThrow();
        advance(TTL);
        assertThat(nodeB.authenticate(winner.token(), null).isAuthenticated()).isTrue();
        assertThat(nodeA.authenticate(t.token(), null).isAuthenticated()).isFalse();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Holds each update until the other node has read too, so the two writes truly overlap. */
  private static final class ReadThenWriteBarrier extends ForwardingTokenStore {
    private final CyclicBarrier barrier;

    ReadThenWriteBarrier(TokenStore delegate, CyclicBarrier barrier) {
      super(delegate);
      this.barrier = barrier;
    }

    @Override
    public TokenRecord update(TokenRecord updated) {
      try {
        barrier.await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the other node never read", e);
      }
      return super.update(updated);
    }
  }

  @Test
  void usageFlushedFromBothNodesEndsWithTheLatestTime() {
    IssuedToken t = nodeA.create(admin, CreateTokenRequest.named("usage").build());
    Instant early = now[0];
    nodeA.authenticate(t.token(), null);
    now[0] = now[0].plusSeconds(30);
    Instant late = now[0];
    nodeB.authenticate(t.token(), null);
    assertThat(nodeB.usage().flush()).isEqualTo(1);
    assertThat(nodeA.usage().flush()).isEqualTo(1);
    // The store keeps the latest use whichever node flushes last.
    assertThat(store(database).find(t.id()).orElseThrow().lastUsedAt()).contains(late);
    assertThat(late).isAfter(early);
    // A node's cache shows its own uses at once and other nodes' uses within the TTL: a usage
    // flush sets the use in the cached copy rather than making every node read the token again.
    assertThat(nodeA.get(admin, t.id()).orElseThrow().lastUsedAt()).contains(early);
    advance(TTL);
    assertThat(nodeA.get(admin, t.id()).orElseThrow().lastUsedAt()).contains(late);
  }

  @Test
  void aStoppedDatabaseGivesUnavailableAndTheServiceRecoversAfterRestart() throws IOException {
    IssuedToken t = nodeA.create(admin, CreateTokenRequest.named("outage").build());
    assertThat(nodeA.authenticate(t.token(), null).isAuthenticated()).isTrue();
    server.stop();
    try {
      // Within the TTL the cached answer stands; beyond it, no stale success.
      advance(TTL);
      AuthResult down = nodeA.authenticate(t.token(), null);
      assertThat(reason(down)).isEqualTo(RejectionReason.UNAVAILABLE);
      assertThat(down.httpStatus()).isEqualTo(503);
      assertThat(reason(nodeB.authenticate(t.token(), null)))
          .isEqualTo(RejectionReason.UNAVAILABLE);
      assertThatThrownBy(() -> nodeA.create(admin, CreateTokenRequest.named("during").build()))
          .isInstanceOf(TokenStoreException.class);
      assertThatThrownBy(() -> nodeB.revoke(admin, t.id())).isInstanceOf(TokenStoreException.class);
    } finally {
      server.restart();
    }
    assertThat(nodeA.authenticate(t.token(), null).isAuthenticated()).isTrue();
    assertThat(nodeB.create(admin, CreateTokenRequest.named("after").build()).id()).isNotNull();
  }

  @Test
  void aConnectionKilledDuringCreateLeavesTheWholeRecordOrNothing() {
    for (boolean afterInsert : new boolean[] {false, true}) {
      JdbcTokenStore killing = store(killingDataSource(afterInsert));
      TokenService node =
          TokenService.builder()
              .store(killing)
              .pepperRing(
                  PepperRing.of(
                      1,
                      "0123456789abcdef0123456789abcdef"
                          .getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
              .owners(id -> Optional.of(Owner.active(id, "*:*")))
              .build();
      String name = "killed " + afterInsert;
      assertThatThrownBy(() -> node.create(admin, CreateTokenRequest.named(name).build()))
          .isInstanceOf(TokenStoreException.class);
      var stored = store(database).findByName(name);
      if (afterInsert) {
        assertThat(stored).isPresent();
        assertThat(stored.get().name()).isEqualTo(name);
        assertThat(stored.get().secret()).isPresent();
        assertThat(stored.get().ownerId()).contains("admin");
      } else {
        assertThat(stored).isEmpty();
      }
    }
  }

  /** Connections that die (closed under the statement) before or after the first insert runs. */
  private DataSource killingDataSource(boolean afterInsert) {
    return (DataSource)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(database, method, args);
              if (!method.getName().equals("getConnection")) {
                return result;
              }
              Connection real = (Connection) result;
              return Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {Connection.class},
                  (p, m, a) -> {
                    Object inner = invoke(real, m, a);
                    if (!m.getName().equals("prepareStatement")
                        || !String.valueOf(a[0]).startsWith("INSERT")) {
                      return inner;
                    }
                    java.sql.PreparedStatement ps = (java.sql.PreparedStatement) inner;
                    return Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {java.sql.PreparedStatement.class},
                        (q, sm, sa) -> {
                          if (!sm.getName().equals("executeUpdate")) {
                            return invoke(ps, sm, sa);
                          }
                          if (afterInsert) {
                            ps.executeUpdate();
                          }
                          real.close();
                          throw new java.sql.SQLException("connection killed", "08006");
                        });
                  });
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args)
      throws Throwable {
    try {
      return m.invoke(target, args == null ? new Object[0] : Arrays.copyOf(args, args.length));
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static RejectionReason reason(AuthResult r) {
    assertThat(r).isInstanceOf(AuthResult.Rejected.class);
    return ((AuthResult.Rejected) r).reason();
  }
}

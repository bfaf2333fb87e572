package dev.tokenkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.PepperRing;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.core.TokenUpdate;
import dev.tokenkit.store.cache.CachingTokenStore;
import dev.tokenkit.store.spi.TokenId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two application nodes, each a TokenService with its own pool and a cache whose entries live ten
 * minutes, sharing one real PostgreSQL: a change on one node reaches the other's cache through
 * LISTEN/NOTIFY within a second, rolled-back writes announce nothing, and a lost listening
 * connection (killed, or the database restarted) never leaves a revoked token served.
 */
class ChangeAnnouncementsPostgresTest {

  private static final Duration TTL = Duration.ofMinutes(10);
  private static final Actor ADMIN =
      Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("*:*"));
  private static RestartablePostgres server;
  private static PGSimpleDataSource database;

  private final List<Node> nodes = new CopyOnWriteArrayList<>();
  private Node nodeA;
  private Node nodeB;

  @BeforeAll
  static void startPostgres() throws IOException {
    server = RestartablePostgres.start("tokenkit-pg-notify");
    database = server.dataSource();
    JdbcTokenStore.builder()
        .dataSource(database)
        .dialect(SqlDialect.POSTGRESQL)
        .build()
        .createSchemaIfMissing();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    server.stop();
  }

  @BeforeEach
  void twoNodes() {
    H2TokenStoreTest.truncate(database, "tokenkit_tokens");
    nodeA = new Node();
    nodeB = new Node();
  }

  @AfterEach
  void closeNodes() {
    nodes.forEach(Node::close);
  }

  /** One application node: its own pool, cache, token service and listener (polled by hand). */
  private final class Node {
    final HikariDataSource pool;
    final CachingTokenStore cache;
    final TokenService tokens;
    final PostgresInvalidationListener listener;
    final List<TokenId> announced = new CopyOnWriteArrayList<>();
    final AtomicInteger resets = new AtomicInteger();

    Node() {
      HikariConfig config = new HikariConfig();
      config.setDataSource(database);
      config.setMaximumPoolSize(3);
      config.setConnectionTimeout(2_000);
      pool = new HikariDataSource(config);
      cache =
          CachingTokenStore.builder()
              .ttl(TTL)
              .recordStats(true)
              .wrap(
                  JdbcTokenStore.builder().dataSource(pool).dialect(SqlDialect.POSTGRESQL).build());
      tokens =
          TokenService.builder()
              .store(cache)
              .pepperRing(
                  PepperRing.of(
                      1, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)))
              .owners(id -> Optional.of(Owner.active(id, "*:*")))
              .build();
      listener =
          PostgresInvalidationListener.builder()
              .dataSource(pool)
              .onChanges(
                  ids -> {
                    announced.addAll(ids);
                    cache.reload(ids);
                  })
              .onReset(
                  () -> {
                    resets.incrementAndGet();
                    cache.invalidateAll();
                  })
              .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(400))
              .build();
      nodes.add(this);
      listener.poll(); // connects and listens
      assertThat(listener.isListening()).isTrue();
    }

    boolean accepts(IssuedToken t) {
      return tokens.authenticate(t.token(), null).isAuthenticated();
    }

    void close() {
      listener.close();
      pool.close();
    }
  }

  /** Polls both nodes' listeners every 20 ms (the host's scheduler) until the condition holds. */
  private static long millisUntil(BooleanSupplier condition, Duration limit, Node... polled)
      throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + limit.toNanos();
    while (System.nanoTime() < deadline) {
      for (Node n : polled) {
        n.listener.poll();
      }
      if (condition.getAsBoolean()) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not within " + limit);
  }

  private static RejectionReason reason(AuthResult result) {
    return ((AuthResult.Rejected) result).reason();
  }

  @Test
  void aRevocationOnOneNodeIsRefusedOnTheOtherWithinASecondDespiteATenMinuteCache()
      throws InterruptedException {
    IssuedToken t = nodeA.tokens.create(ADMIN, CreateTokenRequest.named("revoked").build());
    assertThat(nodeB.accepts(t)).isTrue(); // cached on B for ten minutes
    nodeA.tokens.revoke(ADMIN, t.id());
    assertThat(millisUntil(() -> !nodeB.accepts(t), Duration.ofSeconds(1), nodeA, nodeB))
        .isLessThan(1_000);
    assertThat(reason(nodeB.tokens.authenticate(t.token(), null)))
        .isEqualTo(RejectionReason.REVOKED);
    // Disabling and enabling again reach B too.
    IssuedToken u = nodeA.tokens.create(ADMIN, CreateTokenRequest.named("disabled").build());
    assertThat(nodeB.accepts(u)).isTrue();
    nodeA.tokens.update(ADMIN, u.id(), TokenUpdate.builder().enabled(false).build());
    millisUntil(() -> !nodeB.accepts(u), Duration.ofSeconds(1), nodeA, nodeB);
    nodeA.tokens.update(ADMIN, u.id(), TokenUpdate.builder().enabled(true).build());
    millisUntil(() -> nodeB.accepts(u), Duration.ofSeconds(1), nodeA, nodeB);
    assertThat(nodeB.announced).contains(t.id(), u.id());
  }

  @Test
  void aChangeIsReadOnceByTheOtherNodeAndThenServedFromItsCache() throws InterruptedException {
    IssuedToken t = nodeA.tokens.create(ADMIN, CreateTokenRequest.named("revoked").build());
    IssuedToken u = nodeA.tokens.create(ADMIN, CreateTokenRequest.named("edited").build());
    assertThat(nodeB.accepts(t)).isTrue();
    assertThat(nodeB.accepts(u)).isTrue();
    long lookups = nodeB.cache.missCount();

    nodeA.tokens.revoke(ADMIN, t.id());
    nodeA.tokens.update(ADMIN, u.id(), TokenUpdate.builder().description("new").build());
    millisUntil(
        () -> nodeB.announced.containsAll(List.of(t.id(), u.id())), Duration.ofSeconds(1), nodeB);

    assertThat(reason(nodeB.tokens.authenticate(t.token(), null)))
        .isEqualTo(RejectionReason.REVOKED);
    assertThat(nodeB.tokens.authenticate(u.token(), null).isAuthenticated()).isTrue();
    assertThat(nodeB.cache.find(u.id()).orElseThrow().description()).isEqualTo("new");
    assertThat(nodeB.cache.missCount()).as("lookups past B's cache").isEqualTo(lookups);
  }

  @Test
  void pollCountsWhatItHandedOnAndAForeignPayloadDropsTheCache() throws Exception {
    IssuedToken t = nodeA.tokens.create(ADMIN, CreateTokenRequest.named("counted").build());
    int before = nodeB.announced.size();
    nodeA.tokens.revoke(ADMIN, t.id());
    int counted = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (!nodeB.announced.contains(t.id()) || nodeB.announced.size() == before) {
      assertThat(System.nanoTime()).as("heard within a second").isLessThan(deadline);
      counted += nodeB.listener.poll();
      Thread.sleep(20);
    }
    assertThat(counted).isPositive().isEqualTo(nodeB.announced.size() - before);

    // Another writer's payload is not a token id: nothing is known, so everything is dropped.
    String channel = nodeB.listener.channel();
    assertThat(nodeB.listener).hasToString("PostgresInvalidationListener[" + channel + "]");
    int resets = nodeB.resets.get();
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      s.execute("NOTIFY " + channel + ", 'not a token id'");
    }
    int ids = 0;
    int heard = nodeB.announced.size();
    deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (nodeB.resets.get() == resets) {
      assertThat(System.nanoTime()).as("heard within a second").isLessThan(deadline);
      ids += nodeB.listener.poll();
      Thread.sleep(20);
    }
    assertThat(ids).isEqualTo(nodeB.announced.size() - heard); // the foreign payload counts 0

    nodeB.listener.close();
    assertThat(nodeB.listener.isListening()).isFalse();
    assertThat(nodeB.pool.getHikariPoolMXBean().getActiveConnections()).as("returned").isZero();
    assertThat(nodeB.listener.poll()).isZero();
  }

  @Test
  void aRolledBackWriteAndARecordedUseAnnounceNothing() throws Exception {
    IssuedToken t = nodeA.tokens.create(ADMIN, CreateTokenRequest.named("kept").build());
    IssuedToken marker = nodeA.tokens.create(ADMIN, CreateTokenRequest.named("marker").build());
    millisUntil(() -> nodeB.announced.contains(marker.id()), Duration.ofSeconds(2), nodeB);
    assertThat(nodeB.accepts(t)).isTrue();
    nodeB.announced.clear();
    try (Connection c = database.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE tokenkit_tokens SET revoked_at = 1, version = version + 1 WHERE id = ?")) {
        ps.setString(1, t.id().value());
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      c.rollback();
    }
    nodeA.cache.recordUsage(Map.of(t.id(), Instant.now()));
    nodeA.tokens.revoke(ADMIN, marker.id()); // announced after the two above
    millisUntil(() -> nodeB.announced.contains(marker.id()), Duration.ofSeconds(2), nodeB);
    assertThat(nodeB.announced).containsExactly(marker.id());
    assertThat(nodeB.accepts(t)).isTrue();
  }

  @Test
  void aKilledListeningConnectionDropsTheCacheAndListensAgain() throws Exception {
    IssuedToken t = nodeA.tokens.create(ADMIN, CreateTokenRequest.named("killed").build());
    assertThat(nodeB.accepts(t)).isTrue();
    int resetsBefore = nodeB.resets.get();
    try (Connection c = database.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE query = 'LISTEN tokenkit_tokens' AND pid <> pg_backend_pid()");
    }
    // Revoked while no node listens: the announcement is lost for good.
    nodeA.tokens.revoke(ADMIN, t.id());
    millisUntil(
        () -> nodeB.listener.isListening() && !nodeB.accepts(t), Duration.ofSeconds(5), nodeB);
    assertThat(nodeB.resets.get() - resetsBefore).isGreaterThanOrEqualTo(2); // lost, then back
    // Listening again: the next revocation arrives the usual way.
    IssuedToken u = nodeA.tokens.create(ADMIN, CreateTokenRequest.named("after").build());
    assertThat(nodeB.accepts(u)).isTrue();
    nodeA.tokens.revoke(ADMIN, u.id());
    millisUntil(() -> nodeB.announced.contains(u.id()), Duration.ofSeconds(1), nodeB);
    assertThat(nodeB.accepts(u)).isFalse();
  }

  @Test
  void aRestartedDatabaseNeverLeavesARevokedTokenServed() throws Exception {
    IssuedToken t = nodeA.tokens.create(ADMIN, CreateTokenRequest.named("restart").build());
    assertThat(nodeB.accepts(t)).isTrue();
    server.stop();
    try {
      nodeB.listener.poll(); // hears the shutdown: the cache is dropped
      assertThat(nodeB.listener.isListening()).isFalse();
      AuthResult down = nodeB.tokens.authenticate(t.token(), null);
      assertThat(reason(down)).isEqualTo(RejectionReason.UNAVAILABLE);
      assertThat(down.httpStatus()).isEqualTo(503);
      assertThatThrownBy(() -> nodeA.tokens.revoke(ADMIN, t.id()))
          .isInstanceOf(RuntimeException.class);
    } finally {
      server.restart();
    }
    // B serves from the database again and caches; its listener has not reconnected yet.
    millisUntil(() -> nodeB.accepts(t), Duration.ofSeconds(10));
    retry(() -> nodeA.tokens.revoke(ADMIN, t.id()));
    assertThat(nodeB.accepts(t)).isTrue(); // the stale cached copy: nothing told B yet
    millisUntil(() -> !nodeB.accepts(t), Duration.ofSeconds(5), nodeB);
    assertThat(nodeB.listener.isListening()).isTrue();
  }

  /** Retries an action while the pool finds its old connections broken by the restart. */
  private static void retry(Runnable action) throws InterruptedException {
    for (int i = 0; ; i++) {
      try {
        action.run();
        return;
      } catch (RuntimeException e) {
        if (i == 50) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  @Test
  void badSettingsAreRefusedNamingThem() {
    assertThatThrownBy(() -> PostgresInvalidationListener.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataSource");
    assertThatThrownBy(() -> PostgresInvalidationListener.builder().tablePrefix("Bad-Prefix"))
        .hasMessageContaining("tablePrefix");
    assertThatThrownBy(() -> PostgresInvalidationListener.builder().tablePrefix(null))
        .hasMessageContaining("tablePrefix");
    assertThatThrownBy(
            () ->
                PostgresInvalidationListener.builder()
                    .reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("reconnectBackoff");
    assertThatThrownBy(
            () ->
                PostgresInvalidationListener.builder()
                    .reconnectBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("reconnectBackoff");
    assertThatThrownBy(() -> PostgresInvalidationListener.builder().checkInterval(Duration.ZERO))
        .hasMessageContaining("checkInterval");
    assertThatThrownBy(() -> PostgresInvalidationListener.builder().checkInterval(null))
        .hasMessageContaining("checkInterval");
    assertThat(
            PostgresInvalidationListener.builder()
                .tablePrefix("app_")
                .dataSource(database)
                .onChange(id -> {})
                .onReset(() -> {})
                .build()
                .channel())
        .isEqualTo("app_tokens");
  }
}

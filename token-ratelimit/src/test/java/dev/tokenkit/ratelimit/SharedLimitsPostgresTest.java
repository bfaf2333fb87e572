package dev.tokenkit.ratelimit;

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
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes (two token services, each with its own {@link PostgresRateLimiter} and connections)
 * sharing one limit in one embedded PostgreSQL; time moves only when told.
 */
class SharedLimitsPostgresTest {

  private static EmbeddedPostgres postgres;

  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final Actor admin =
      Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("*:*"));
  private final TokenStore store = MemoryTokenStore.create();

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  private TokenService node(String table) {
    DataSource own = postgres.getPostgresDatabase(); // a data source of its own per node
    return TokenService.builder()
        .store(store)
        .pepperRing(
            PepperRing.of(
                1, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)))
        .clock(clock)
        .owners(id -> Optional.of(Owner.active(id, "*:*")))
        .rateLimiter(PostgresRateLimiter.builder(own).table(table).clock(clock).build())
        .build();
  }

  private IssuedToken limited(TokenService service, String... limits) {
    List<RateLimit> parsed = new ArrayList<>();
    for (String limit : limits) {
      parsed.add(RateLimit.parse(limit));
    }
    return service.create(
        admin,
        CreateTokenRequest.named("shared")
            .access(TokenAccess.fullAccess().withRateLimits(parsed))
            .build());
  }

  @Test
  void twoNodesShareOneLimitAndItRefillsForBoth() throws Exception {
    TokenService nodeA = node("limits_shared");
    TokenService nodeB = node("limits_shared");
    IssuedToken token = limited(nodeA, "10/1h");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> accepted = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      TokenService node = t % 2 == 0 ? nodeA : nodeB;
      accepted.add(
          pool.submit(
              () -> {
                start.await();
                int passed = 0;
                for (int i = 0; i < 10; i++) {
                  AuthResult result = node.authenticate(token.token(), null);
                  if (result.isAuthenticated()) {
                    passed++;
                  } else {
                    assertThat(((AuthResult.Rejected) result).reason())
                        .isEqualTo(RejectionReason.RATE_LIMITED);
                  }
                }
                return passed;
              }));
    }
    start.countDown();
    int total = 0;
    for (Future<Integer> f : accepted) {
      total += f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(total).isEqualTo(10);
    AuthResult.Rejected onB = (AuthResult.Rejected) nodeB.authenticate(token.token(), null);
    assertThat(onB.httpStatus()).isEqualTo(429);
    assertThat(onB.rateLimit().orElseThrow().retryAfter()).isEqualTo(Duration.ofMinutes(6));
    clock.advance(Duration.ofMinutes(6)); // one request of ten per hour
    assertThat(nodeB.authenticate(token.token(), null).isAuthenticated()).isTrue();
    assertThat(nodeA.authenticate(token.token(), null).isAuthenticated()).isFalse();
  }

  @Test
  void bucketsFullAgainLoseTheirRowsAndEditedLimitsStartAfresh() throws Exception {
    PostgresRateLimiter limiter =
        PostgresRateLimiter.builder(postgres.getPostgresDatabase())
            .table("public.limits_expiry")
            .clock(clock)
            .build();
    List<RateLimit> twoPerSecond = List.of(RateLimit.parse("2/1s"));
    dev.tokenkit.store.spi.TokenId id = dev.tokenkit.store.spi.TokenId.of("abcdefghijkl");
    assertThat(limiter.tryConsume(id, twoPerSecond).allowed()).isTrue();
    assertThat(limiter.tryConsume(id, twoPerSecond).allowed()).isTrue();
    assertThat(limiter.tryConsume(id, twoPerSecond).allowed()).isFalse();
    limiter.giveBack(id, twoPerSecond);
    assertThat(limiter.tryConsume(id, twoPerSecond).allowed()).isTrue();
    assertThat(limiter.tryConsume(id, List.of(RateLimit.parse("3/1m"))).allowed()).isTrue();
    assertThat(rows("public.limits_expiry")).isEqualTo(2);
    assertThat(limiter.removeExpired()).isZero();
    // Bucket4j dates rows by the system clock: the per-second bucket is full again after 1 s,
    // the other (one of three per minute used) after 20 s.
    Thread.sleep(1_200);
    assertThat(limiter.removeExpired()).isEqualTo(1);
    assertThat(rows("public.limits_expiry")).isEqualTo(1);
    assertThat(limiter.tryConsume(id, twoPerSecond).remaining(0)).isEqualTo(1);
  }

  @Test
  void badSettingsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> PostgresRateLimiter.builder(null).build())
        .hasMessage("dataSource and clock must not be null");
    for (String bad : new String[] {"", "1table", "a;drop table x", "a.b.c", "x".repeat(64), "ü"}) {
      assertThatThrownBy(
              () -> PostgresRateLimiter.builder(postgres.getPostgresDatabase()).table(bad))
          .hasMessageStartingWith("table must be");
    }
    assertThatThrownBy(
            () -> PostgresRateLimiter.builder(postgres.getPostgresDatabase()).table(null))
        .hasMessageStartingWith("table must be");
    DataSource unreachable = postgres.getDatabase("postgres", "no_such_database");
    assertThatThrownBy(() -> PostgresRateLimiter.builder(unreachable).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the rate-limit table tokenkit_rate_limits cannot be created");
  }

  private static int rows(String table) throws Exception {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}

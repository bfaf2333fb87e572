package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.cache.CachingTokenStore;
import dev.tokenkit.store.spi.TokenStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two applications with the starter on one PostgreSQL, each caching tokens for ten minutes: the
 * starter listens for the changes the other node announces, so a revocation on one is refused on
 * the other within a second; with {@code tokenkit.cache.listen=false} it waits for the TTL.
 */
class ManyNodesStarterTest {

  private static final Actor ADMIN =
      Actor.of("admin", EnumSet.allOf(AdminPermission.class), ManagementApiTest.ADMIN_PERMISSIONS);

  private static ConfigurableApplicationContext node(EmbeddedPostgres postgres, boolean listen) {
    return new SpringApplicationBuilder(ManagementApiTest.Host.class)
        .properties(
            Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres")),
                Map.entry("tokenkit.peppers.1", TokenkitAutoConfigurationTest.PEPPER),
                Map.entry("tokenkit.jdbc.initialize-schema", "always"),
                Map.entry("tokenkit.cache.ttl", "10m"),
                Map.entry("tokenkit.cache.listen", String.valueOf(listen)),
                Map.entry("logging.level.root", "off")))
        .run();
  }

  @Test
  void aRevocationOnOneNodeIsRefusedOnTheOtherWithinASecond() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        ConfigurableApplicationContext a = node(postgres, true);
        ConfigurableApplicationContext b = node(postgres, true)) {
      assertThat(b.getBean(TokenStore.class)).isInstanceOf(CachingTokenStore.class);
      TokenService onA = a.getBean(TokenService.class);
      TokenService onB = b.getBean(TokenService.class);
      IssuedToken t = onA.create(ADMIN, CreateTokenRequest.named("shared").build());
      assertThat(onB.authenticate(t.token(), null).isAuthenticated()).isTrue(); // cached on B
      onA.revoke(ADMIN, t.id());
      long start = System.nanoTime();
      while (onB.authenticate(t.token(), null).isAuthenticated()) {
        assertThat(System.nanoTime() - start)
            .as("revoked on A, still accepted on B")
            .isLessThan(Duration.ofSeconds(1).toNanos());
        Thread.sleep(10);
      }
    }
  }

  @Test
  void withoutListeningTheOtherNodeWaitsForTheTtl() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        ConfigurableApplicationContext a = node(postgres, false);
        ConfigurableApplicationContext b = node(postgres, false)) {
      assertThat(b.getBeanProvider(TokenkitMaintenance.RepeatingTask.class).stream()).isEmpty();
      TokenService onA = a.getBean(TokenService.class);
      TokenService onB = b.getBean(TokenService.class);
      IssuedToken t = onA.create(ADMIN, CreateTokenRequest.named("shared").build());
      assertThat(onB.authenticate(t.token(), null).isAuthenticated()).isTrue();
      onA.revoke(ADMIN, t.id());
      Thread.sleep(1_500);
      assertThat(onB.authenticate(t.token(), null).isAuthenticated()).isTrue();
    }
  }
}

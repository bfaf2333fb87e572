package dev.tokenkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcTokenStoreTest {

  @Test
  void builderValidatesItsSettings() {
    assertThatThrownBy(() -> JdbcTokenStore.builder().dialect(SqlDialect.H2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dataSource");
    for (String bad : new String[] {null, "Upper", "1abc", "a-b", "x".repeat(40), "a;drop"}) {
      assertThatThrownBy(() -> JdbcTokenStore.builder().tablePrefix(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aCustomPrefixGivesItsOwnTableAndTheSchemaIsIdempotent() {
    JdbcDataSource ds = H2TokenStoreTest.h2("prefixed");
    JdbcTokenStore a =
        JdbcTokenStore.builder()
            .dataSource(ds)
            .dialect(SqlDialect.H2)
            .tablePrefix("app_a_")
            .build();
    JdbcTokenStore b =
        JdbcTokenStore.builder().dataSource(ds).dialect(SqlDialect.H2).tablePrefix("").build();
    a.createSchemaIfMissing();
    a.createSchemaIfMissing();
    b.createSchemaIfMissing();
    TokenRecord r = record();
    a.create(r);
    assertThat(a.find(r.id())).contains(r);
    assertThat(b.find(r.id())).isEmpty();
  }

  /** H2 writes commits up to WRITE_DELAY (500 ms) late: a file database must turn that off. */
  @Test
  void anH2FileDatabaseThatWouldLoseCommitsIsRefused(@TempDir Path dir) {
    JdbcDataSource delayed = new JdbcDataSource();
    delayed.setURL("jdbc:h2:file:" + dir.resolve("delayed").toAbsolutePath());
    JdbcTokenStore risky =
        JdbcTokenStore.builder().dataSource(delayed).dialect(SqlDialect.H2).build();
    assertThatThrownBy(risky::createSchemaIfMissing)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WRITE_DELAY=0")
        .hasMessageContaining("delayed");
    JdbcDataSource durable = new JdbcDataSource();
    durable.setURL("jdbc:h2:file:" + dir.resolve("durable").toAbsolutePath() + ";WRITE_DELAY=0");
    JdbcTokenStore safe =
        JdbcTokenStore.builder().dataSource(durable).dialect(SqlDialect.H2).build();
    safe.createSchemaIfMissing();
    TokenRecord r = record();
    assertThat(safe.create(r)).isEqualTo(r);
    // In-memory databases keep nothing across a crash anyway: not refused.
    JdbcTokenStore.builder()
        .dataSource(H2TokenStoreTest.h2("memory-only"))
        .dialect(SqlDialect.H2)
        .build()
        .createSchemaIfMissing();
  }

  @Test
  void failuresNameTheOperationAndSqlStateButNoSecretMaterial() {
    JdbcDataSource missing = new JdbcDataSource();
    missing.setURL("jdbc:h2:mem:never;IFEXISTS=TRUE");
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(missing).dialect(SqlDialect.H2).build();
    TokenRecord r = record();
    String hashHex = HexFormat.of().formatHex(r.secret().orElseThrow().hash().toByteArray());
    assertThatThrownBy(() -> store.create(r))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("create failed (SQL state")
        .hasMessageNotContaining(hashHex)
        .hasCauseInstanceOf(java.sql.SQLException.class);
    assertThatThrownBy(() -> store.find(r.id()))
        .isInstanceOf(TokenStoreException.class)
        .hasMessageContaining("find failed");
  }

  @Test
  void anUpdateNeverMovesLastUseBackAndAFullLastPageHasNoCursor() {
    JdbcTokenStore store =
        JdbcTokenStore.builder()
            .dataSource(H2TokenStoreTest.h2("last-use"))
            .dialect(SqlDialect.H2)
            .build();
    store.createSchemaIfMissing();
    TokenRecord r = store.create(record());
    Instant february = Instant.parse("2026-02-01T00:00:00Z");
    Instant march = Instant.parse("2026-03-01T00:00:00Z");
    Instant april = Instant.parse("2026-04-01T00:00:00Z");
    for (Instant[] step : new Instant[][] {{march, march}, {february, march}, {april, april}}) {
      TokenRecord current = store.find(r.id()).orElseThrow();
      store.update(current.toBuilder().name("renamed").lastUsedAt(step[0]).build());
      assertThat(store.find(r.id()).orElseThrow().lastUsedAt()).as("" + step[0]).contains(step[1]);
    }

    store.create(record().toBuilder().id(TokenId.of("prefix000002")).name("second").build());
    assertThat(store.list(TokenFilter.all(), null, 2).nextCursor()).isEmpty();
    assertThat(store.list(TokenFilter.all(), null, 2).items()).hasSize(2);
    assertThat(store.list(TokenFilter.all(), null, 1).nextCursor()).isPresent();
  }

  private static TokenRecord record() {
    byte[] hash = new byte[32];
    Arrays.fill(hash, (byte) 0x5c);
    return TokenRecord.builder()
        .id(TokenId.of("prefix000001"))
        .kind(TokenKind.API)
        .name("prefixed")
        .secret(HashedSecret.of(1, hash))
        .createdAt(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  @Test
  void theListenerBuilderChecksBothEndsOfItsDurations() {
    PostgresInvalidationListener.Builder b = PostgresInvalidationListener.builder();
    Duration hour = Duration.ofHours(1);
    Duration milli = Duration.ofMillis(1);
    assertThat(b.reconnectBackoff(milli, milli)).isSameAs(b);
    assertThat(b.reconnectBackoff(milli, hour)).isSameAs(b);
    assertThat(b.checkInterval(milli)).isSameAs(b);
    assertThat(b.checkInterval(hour)).isSameAs(b);
    Duration[][] badBackoffs = {
      {null, hour},
      {milli, null},
      {Duration.ZERO, hour},
      {milli.negated(), hour},
      {Duration.ofMillis(2), milli},
      {milli, hour.plusNanos(1)}
    };
    for (Duration[] bad : badBackoffs) {
      assertThatThrownBy(() -> b.reconnectBackoff(bad[0], bad[1]))
          .as(Arrays.toString(bad))
          .hasMessageContaining("reconnectBackoff must be positive");
    }
    for (Duration bad : new Duration[] {null, Duration.ZERO, milli.negated(), hour.plusNanos(1)}) {
      assertThatThrownBy(() -> b.checkInterval(bad))
          .as(String.valueOf(bad))
          .hasMessageContaining("checkInterval must be positive and at most one hour");
    }
  }

  @Test
  void theStoreDescribesItselfAndNeedsATimeToCountAUse() {
    JdbcTokenStore store =
        JdbcTokenStore.builder()
            .dataSource(H2TokenStoreTest.h2("described"))
            .dialect(SqlDialect.H2)
            .build();
    assertThat(store).hasToString("JdbcTokenStore[H2, table=tokenkit_tokens]");
    assertThatThrownBy(() -> store.consumeUse(TokenId.of("abcdefghijk0"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("now must not be null");
  }
}

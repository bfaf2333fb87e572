package dev.tokenkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Versioned migrations on H2 and PostgreSQL: a database written by the code before versioning is
 * upgraded in place by {@code createSchemaIfMissing()} or by Flyway with the shipped scripts, and
 * every token in it keeps answering as before; a new database gets the same schema either way.
 */
class SchemaUpgradeTest {

  private static EmbeddedPostgres postgres;
  private static int databases;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private static DataSource fresh(SqlDialect dialect) throws Exception {
    String name = "upgrade" + ++databases;
    if (dialect == SqlDialect.H2) {
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
      return ds;
    }
    try (var c = postgres.getPostgresDatabase().getConnection();
        var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    return postgres.getDatabase("postgres", name);
  }

  @Test
  void theStoreUpgradesAnH2DatabaseWrittenBeforeVersioning() throws Exception {
    DataSource ds = fresh(SqlDialect.H2);
    SchemaUpgrade.writeVersionOneDatabase(ds, SqlDialect.H2);
    SchemaUpgrade.upgradeAndCheck(ds, SqlDialect.H2);
  }

  @Test
  void theStoreUpgradesAPostgresDatabaseWrittenBeforeVersioning() throws Exception {
    DataSource ds = fresh(SqlDialect.POSTGRESQL);
    SchemaUpgrade.writeVersionOneDatabase(ds, SqlDialect.POSTGRESQL);
    SchemaUpgrade.upgradeAndCheck(ds, SqlDialect.POSTGRESQL);
  }

  @Test
  void flywayUpgradesBothDialectsFromVersionOne() throws Exception {
    for (SqlDialect dialect : SqlDialect.values()) {
      DataSource ds = fresh(dialect);
      SchemaUpgrade.writeVersionOneDatabase(ds, dialect);
      flyway(ds, dialect).baselineOnMigrate(true).baselineVersion("1").load().migrate();
      JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).dialect(dialect).build();
      SchemaUpgrade.checkRecordsAndTokens(store);
    }
  }

  @Test
  void flywayCreatesANewDatabaseTheStoreUses() throws Exception {
    for (SqlDialect dialect : SqlDialect.values()) {
      DataSource ds = fresh(dialect);
      var result = flyway(ds, dialect).load().migrate();
      assertThat(result.migrationsExecuted).isEqualTo(dialect.migrations().size());
      JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).dialect(dialect).build();
      var record =
          dev.tokenkit.store.spi.TokenRecord.builder()
              .id(dev.tokenkit.store.spi.TokenId.of("flyway000001"))
              .kind(dev.tokenkit.store.spi.TokenKind.BROWSER)
              .name("widget")
              .tenant("acme")
              .createdAt(java.time.Instant.parse("2026-01-01T00:00:00Z"))
              .build();
      store.create(record);
      assertThat(store.findByName("acme", "WIDGET")).contains(record);
    }
  }

  private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(
      DataSource ds, SqlDialect dialect) {
    return Flyway.configure()
        .dataSource(ds)
        .locations("classpath:" + dialect.migrationsLocation())
        .placeholders(Map.of("prefix", "tokenkit_"));
  }
}

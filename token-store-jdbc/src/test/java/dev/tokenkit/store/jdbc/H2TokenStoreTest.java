package dev.tokenkit.store.jdbc;

import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.tck.TokenStoreContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;

/** The JDBC store on an in-memory H2 database, against the full conformance kit. */
class H2TokenStoreTest extends TokenStoreContract {

  static JdbcDataSource h2(String name) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    return ds;
  }

  private static final JdbcDataSource DATA_SOURCE = h2("tck");

  @Override
  protected TokenStore newStore() {
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(DATA_SOURCE).dialect(SqlDialect.H2).build();
    store.createSchemaIfMissing();
    truncate(DATA_SOURCE, "tokenkit_tokens");
    truncate(DATA_SOURCE, "tokenkit_one_time_values");
    return store;
  }

  static void truncate(javax.sql.DataSource ds, String table) {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + table);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}

/**
 * A {@link dev.tokenkit.store.spi.TokenStore} on JDBC, for PostgreSQL and H2, and a listener for
 * the changes other nodes announce on PostgreSQL (which needs the PostgreSQL driver).
 */
@SuppressWarnings("requires-automatic") // the PostgreSQL driver ships an automatic module name only
module dev.tokenkit.store.jdbc {
  requires static transitive org.jspecify;
  requires transitive dev.tokenkit.store.spi;
  requires transitive java.sql;
  requires static org.postgresql.jdbc;

  exports dev.tokenkit.store.jdbc;
}

/** A {@link dev.tokenkit.store.spi.TokenStore} on JDBC, for PostgreSQL and H2. */
module dev.tokenkit.store.jdbc {
  requires static transitive org.jspecify;
  requires transitive dev.tokenkit.store.spi;
  requires transitive java.sql;

  exports dev.tokenkit.store.jdbc;
}

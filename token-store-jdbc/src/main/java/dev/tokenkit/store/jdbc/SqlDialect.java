package dev.tokenkit.store.jdbc;

/** The databases {@link JdbcTokenStore} speaks to, each with its shipped schema file. */
public enum SqlDialect {
  /** PostgreSQL 12 or later: {@code META-INF/tokenkit/schema-postgresql.sql}. */
  POSTGRESQL("META-INF/tokenkit/schema-postgresql.sql"),
  /** H2 2.x, the embedded default: {@code META-INF/tokenkit/schema-h2.sql}. */
  H2("META-INF/tokenkit/schema-h2.sql");

  private final String schemaResource;

  SqlDialect(String schemaResource) {
    this.schemaResource = schemaResource;
  }

  /** The class-path resource of this dialect's schema; {@code ${prefix}} stands for the prefix. */
  public String schemaResource() {
    return schemaResource;
  }
}

package dev.tokenkit.store.jdbc;

import java.util.List;

/**
 * The databases {@link JdbcTokenStore} speaks to, each with its versioned migration scripts on the
 * class path under {@link #migrationsLocation()}, named the way Flyway expects ({@code
 * V<n>__<description>.sql}, with the placeholder {@code ${prefix}} for the table prefix).
 */
public enum SqlDialect {
  /** PostgreSQL 12 or later: {@code META-INF/tokenkit/migrations/postgresql}. */
  POSTGRESQL("postgresql"),
  /** H2 2.x, the embedded default: {@code META-INF/tokenkit/migrations/h2}. */
  H2("h2");

  /** The scripts in the order they apply; the same names in every dialect. */
  private static final List<String> MIGRATIONS =
      List.of(
          "V1__tokens.sql",
          "V2__tenants_groups_jwt_mark.sql",
          "V3__expiry_notices.sql",
          "V4__use_limits.sql",
          "V5__rate_limits.sql",
          "V6__change_announcements.sql");

  private final String folder;

  SqlDialect(String folder) {
    this.folder = folder;
  }

  /**
   * The class-path folder of this dialect's migrations, e.g. for Flyway's {@code locations} as
   * {@code classpath:META-INF/tokenkit/migrations/h2}.
   */
  public String migrationsLocation() {
    return "META-INF/tokenkit/migrations/" + folder;
  }

  /** The class-path resources of this dialect's migrations, oldest first. */
  List<String> migrations() {
    return MIGRATIONS.stream().map(name -> migrationsLocation() + "/" + name).toList();
  }
}

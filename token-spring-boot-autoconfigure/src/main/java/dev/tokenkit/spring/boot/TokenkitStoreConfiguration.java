package dev.tokenkit.spring.boot;

import dev.tokenkit.store.cache.CachingTokenStore;
import dev.tokenkit.store.jdbc.JdbcTokenStore;
import dev.tokenkit.store.jdbc.PostgresInvalidationListener;
import dev.tokenkit.store.jdbc.SqlDialect;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.TokenStore;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/** The token store: JDBC on the application's data source when there is one, else memory. */
final class TokenkitStoreConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(TokenkitAutoConfiguration.class);

  private TokenkitStoreConfiguration() {}

  /** {@link JdbcTokenStore} on the one {@link DataSource}, behind a cache when it is present. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(JdbcTokenStore.class)
  @ConditionalOnSingleCandidate(DataSource.class)
  static class Jdbc {

    @Bean
    @ConditionalOnMissingBean
    TokenStore tokenkitTokenStore(DataSource dataSource, TokenkitProperties properties) {
      TokenkitProperties.Jdbc jdbc = properties.getJdbc();
      Database database = Database.of(dataSource);
      JdbcTokenStore store;
      try {
        store =
            JdbcTokenStore.builder()
                .dataSource(dataSource)
                .dialect(database.dialect())
                .tablePrefix(jdbc.getTablePrefix())
                .build();
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationPropertyValueException(
            "tokenkit.jdbc.table-prefix", jdbc.getTablePrefix(), e.getMessage());
      }
      if (initializes(TokenkitSettings.schemaInitialization(jdbc), database)) {
        try {
          store.createSchemaIfMissing();
        } catch (RuntimeException e) {
          throw new TokenkitSetupException(
              "tokenkit could not create or check its tables: " + e.getMessage(),
              "Fix the database or its URL as the message says, or create the tables yourself"
                  + " (migrations in META-INF/tokenkit/migrations/) and set"
                  + " tokenkit.jdbc.initialize-schema=never.",
              e);
        }
      }
      TokenkitProperties.Cache cache = properties.getCache();
      if (!cache.isEnabled()
          || !ClassUtils.isPresent(
              "dev.tokenkit.store.cache.CachingTokenStore", Jdbc.class.getClassLoader())) {
        return store;
      }
      return Cached.wrap(store, cache);
    }

    /**
     * On PostgreSQL with the cache on, a task polling for the changes other nodes announce and
     * dropping those tokens from the cache; none otherwise (H2, no cache, a store of your own).
     */
    @Bean
    @ConditionalOnClass(name = "org.postgresql.PGConnection")
    TokenkitMaintenance.@Nullable RepeatingTask tokenkitCacheListener(
        TokenStore tokenkitTokenStore, DataSource dataSource, TokenkitProperties properties) {
      TokenkitProperties.Cache cache = properties.getCache();
      if (!cache.isListen()
          || !ClassUtils.isPresent(
              "dev.tokenkit.store.cache.CachingTokenStore", Jdbc.class.getClassLoader())) {
        return null;
      }
      return Cached.listener(
          tokenkitTokenStore,
          dataSource,
          properties.getJdbc().getTablePrefix(),
          TokenkitSettings.cachePollInterval(cache));
    }

    private static boolean initializes(
        TokenkitSettings.SchemaInitialization mode, Database database) {
      return switch (mode) {
        case ALWAYS -> true;
        case NEVER -> false;
        case EMBEDDED -> database.inMemory();
      };
    }
  }

  /**
   * What the application's database is, read from a connection's metadata (so that it needs no
   * Spring Boot JDBC class).
   */
  record Database(String product, String url) {

    static Database of(DataSource dataSource) {
      try (Connection c = dataSource.getConnection()) {
        DatabaseMetaData meta = c.getMetaData();
        return new Database(
            Objects.toString(meta.getDatabaseProductName(), ""),
            Objects.toString(meta.getURL(), ""));
      } catch (SQLException e) {
        throw new TokenkitSetupException(
            "tokenkit could not reach the application's DataSource to choose its SQL dialect: "
                + e.getMessage(),
            "Check spring.datasource.* (URL, user, password) and that the database is running.",
            e);
      }
    }

    /** The dialect from the database's own name; PostgreSQL and H2 are supported. */
    SqlDialect dialect() {
      String name = product.toLowerCase(Locale.ROOT);
      if (name.contains("postgres")) {
        return SqlDialect.POSTGRESQL;
      }
      if (name.equals("h2")) {
        return SqlDialect.H2;
      }
      throw new TokenkitSetupException(
          "tokenkit's JDBC store supports PostgreSQL and H2; the application's DataSource is "
              + product
              + ".",
          "Use PostgreSQL or H2 for tokens, or define your own TokenStore bean (see \"Implementing"
              + " your own store\" in tokenkit's README).");
    }

    /**
     * In-memory H2, the one embedded database tokenkit supports (Spring Boot's rule too: a file
     * database is not embedded).
     */
    boolean inMemory() {
      return url.startsWith("jdbc:h2:mem:");
    }
  }

  /** Kept apart so that the cache module's classes load only when it is present. */
  private static final class Cached {
    static TokenStore wrap(TokenStore store, TokenkitProperties.Cache cache) {
      // Counting hits and misses for the metrics costs nothing measurable (JdbcBenchmark).
      return CachingTokenStore.builder()
          .ttl(TokenkitSettings.cacheTtl(cache))
          .maximumSize(TokenkitSettings.cacheSize(cache))
          .recordStats(true)
          .wrap(store);
    }

    /** The listener for {@code store}'s cache, if it is tokenkit's own on PostgreSQL; else none. */
    static TokenkitMaintenance.@Nullable RepeatingTask listener(
        TokenStore store, DataSource dataSource, String tablePrefix, Duration interval) {
      if (!(store instanceof CachingTokenStore cache)
          || !Database.of(dataSource).product().toLowerCase(Locale.ROOT).contains("postgres")) {
        return null;
      }
      // Holds one connection of the application's pool for as long as the application runs.
      PostgresInvalidationListener listener =
          PostgresInvalidationListener.builder()
              .dataSource(dataSource)
              .tablePrefix(tablePrefix)
              .onChanges(cache::reload)
              .onReset(cache::invalidateAll)
              .build();
      return new TokenkitMaintenance.RepeatingTask(
          "listen for token changes", interval, listener::poll, listener::close);
    }
  }

  /** The memory store, when there is no data source: tokens do not survive a restart. */
  @Configuration(proxyBeanMethods = false)
  static class Memory {

    @Bean
    @ConditionalOnMissingBean
    TokenStore tokenkitTokenStore() {
      LOG.warn(
          "tokenkit keeps tokens in memory: there is no DataSource, so every token is lost when"
              + " the application stops. Add a database (spring.datasource.*) or a TokenStore"
              + " bean.");
      return MemoryTokenStore.create();
    }
  }
}

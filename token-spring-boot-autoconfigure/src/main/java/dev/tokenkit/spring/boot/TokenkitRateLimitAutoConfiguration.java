package dev.tokenkit.spring.boot;

import dev.tokenkit.core.RateLimiter;
import dev.tokenkit.ratelimit.LocalRateLimiter;
import dev.tokenkit.ratelimit.PostgresRateLimiter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;

/**
 * The {@link RateLimiter} that counts tokens' rate limits, when {@code token-ratelimit} is on the
 * class path (the starter brings it) and the application defines none: per node in memory by
 * default, or shared by every node in PostgreSQL with {@code tokenkit.rate-limits.store=postgresql}
 * (buckets full again are dropped on the purge schedule).
 */
@AutoConfiguration(before = TokenkitAutoConfiguration.class)
@ConditionalOnClass(LocalRateLimiter.class)
public final class TokenkitRateLimitAutoConfiguration {

  /** Spring creates this configuration. */
  public TokenkitRateLimitAutoConfiguration() {}

  @Bean
  @ConditionalOnMissingBean(RateLimiter.class)
  RateLimiter tokenkitRateLimiter(
      TokenkitProperties properties,
      ObjectProvider<DataSource> dataSource,
      ObjectProvider<Clock> clock) {
    RateLimitProperties settings = properties.getRateLimits();
    Clock time = clock.getIfUnique(Clock::systemUTC);
    String store = String.valueOf(settings.getStore()).toLowerCase(Locale.ROOT);
    return switch (store) {
      case "memory" -> local(settings, time);
      case "postgresql" -> shared(settings, dataSource.getIfUnique(), time);
      default ->
          throw new InvalidConfigurationPropertyValueException(
              "tokenkit.rate-limits.store", settings.getStore(), "must be memory or postgresql");
    };
  }

  /** Drops the buckets that are full again (rows, for the shared limiter) on the purge schedule. */
  @Bean
  TokenkitMaintenance.PurgeTask tokenkitRateLimitPurge(ObjectProvider<RateLimiter> limiter) {
    return new TokenkitMaintenance.PurgeTask(
        "rate-limit buckets full again",
        () -> {
          RateLimiter counting = limiter.getIfUnique();
          if (counting instanceof PostgresRateLimiter shared) {
            return shared.removeExpired();
          }
          return counting instanceof LocalRateLimiter local ? local.removeExpired() : 0;
        });
  }

  private static LocalRateLimiter local(RateLimitProperties settings, Clock clock) {
    LocalRateLimiter.Builder builder = LocalRateLimiter.builder().clock(clock);
    try {
      builder.maximumTokens(settings.getMaximumTokens());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          "tokenkit.rate-limits.maximum-tokens", settings.getMaximumTokens(), e.getMessage());
    }
    return builder.build();
  }

  private static PostgresRateLimiter shared(
      RateLimitProperties settings, @Nullable DataSource source, Clock clock) {
    if (source == null || !isPostgres(source)) {
      throw new TokenkitSetupException(
          "tokenkit.rate-limits.store is postgresql, but the application has no single"
              + " PostgreSQL data source to count in.",
          "Configure spring.datasource.* for PostgreSQL, or set tokenkit.rate-limits.store=memory"
              + " to count on each node.");
    }
    PostgresRateLimiter.Builder builder = PostgresRateLimiter.builder(source).clock(clock);
    try {
      builder.table(settings.getTable());
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          "tokenkit.rate-limits.table", settings.getTable(), e.getMessage());
    }
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      throw new TokenkitSetupException(
          e.getMessage() + ".",
          "Check that the database user may create the table named by"
              + " tokenkit.rate-limits.table, or create it as the README shows.",
          e);
    }
  }

  private static boolean isPostgres(DataSource source) {
    try (Connection c = source.getConnection()) {
      return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new TokenkitSetupException(
          "tokenkit.rate-limits.store is postgresql, but the database cannot be reached: "
              + e.getMessage(),
          "Check spring.datasource.*.",
          e);
    }
  }
}

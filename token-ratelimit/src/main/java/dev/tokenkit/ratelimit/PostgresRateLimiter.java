package dev.tokenkit.ratelimit;

import dev.tokenkit.core.RateDecision;
import dev.tokenkit.core.RateLimiter;
import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenId;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Rate limits counted once for every node, in one PostgreSQL table, with Bucket4j's
 * select-for-update buckets: each request of a rate-limited token is one short transaction that
 * locks the token's row (tokens without limits cost nothing). The table ({@code
 * tokenkit_rate_limits} unless named otherwise) is created if missing when the limiter is built. A
 * row lives until its bucket is full again plus a minute; {@link #removeExpired()} deletes the rows
 * past that (the starter calls it every maintenance round; a host without the starter schedules
 * it).
 *
 * <p>Every node must use the same table and keep its clock in sync (NTP): buckets refill by the
 * clock of the node that asks. Thread-safe.
 */
public final class PostgresRateLimiter implements RateLimiter {

  /** The default {@link Builder#table}. */
  public static final String DEFAULT_TABLE = "tokenkit_rate_limits";

  private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

  private PostgresRateLimiter(DataSource dataSource, String table, Clock clock) {
    createTable(dataSource, table);
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table(table)
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .clientClock(Buckets.time(clock))
            .expirationAfterWrite(
                // A full bucket and no row count the same: a row may go once full again.
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
            .build();
  }

  /** A builder for a limiter on {@code dataSource}. */
  public static Builder builder(@Nullable DataSource dataSource) {
    return new Builder(dataSource);
  }

  @Override
  public RateDecision tryConsume(TokenId id, List<RateLimit> limits) {
    return Buckets.decision(limits, bucket(id, limits).asVerbose().tryConsumeAndReturnRemaining(1));
  }

  @Override
  public void giveBack(TokenId id, List<RateLimit> limits) {
    bucket(id, limits).addTokens(1);
  }

  /**
   * Deletes the rows of buckets that are full again (and so need no row), in batches.
   *
   * @return how many rows were deleted
   */
  public int removeExpired() {
    int total = 0;
    int removed;
    do {
      removed = buckets.removeExpired(1_000);
      total += removed;
    } while (removed == 1_000);
    return total;
  }

  /** The token's bucket for exactly these limits: edited limits start afresh, in a new row. */
  private BucketProxy bucket(TokenId id, List<RateLimit> limits) {
    StringJoiner key = new StringJoiner(",", id.value() + "|", "");
    limits.forEach(limit -> key.add(limit.toString()));
    return buckets.builder().build(key.toString(), () -> Buckets.configuration(limits));
  }

  private static void createTable(DataSource dataSource, String table) {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table
              + " (id TEXT PRIMARY KEY, state BYTEA, expires_at BIGINT)");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the rate-limit table " + table + " cannot be created: " + e.getMessage(), e);
    }
  }

  /** Settings of a {@link PostgresRateLimiter}. Not thread-safe; build once. */
  public static final class Builder {
    private final @Nullable DataSource dataSource;
    private String table = DEFAULT_TABLE;
    private @Nullable Clock clock = Clock.systemUTC();

    private Builder(@Nullable DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The table of the buckets (default {@value #DEFAULT_TABLE}), optionally schema-qualified.
     *
     * @throws IllegalArgumentException if it is not a plain SQL name of at most 63 characters (or
     *     {@code schema.name})
     */
    public Builder table(@Nullable String table) {
      String name = "[A-Za-z_][A-Za-z0-9_]{0,62}";
      if (table == null || !table.matches(name + "(\\." + name + ")?")) {
        throw new IllegalArgumentException(
            "table must be a plain SQL name (letters, digits, _; at most 63), or schema.name");
      }
      this.table = table;
      return this;
    }

    /** The time limits refill by (default: the system clock); give the token service's. */
    public Builder clock(@Nullable Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The limiter, creating its table if it is missing.
     *
     * @throws IllegalArgumentException if the data source or clock is null
     * @throws IllegalStateException if the table cannot be created
     */
    public PostgresRateLimiter build() {
      DataSource source = dataSource;
      Clock time = clock;
      if (source == null || time == null) {
        throw new IllegalArgumentException("dataSource and clock must not be null");
      }
      return new PostgresRateLimiter(source, table, time);
    }
  }
}

/**
 * Per-token rate limits for tokenkit on Bucket4j: {@link dev.tokenkit.ratelimit.LocalRateLimiter}
 * counts per node in memory, {@link dev.tokenkit.ratelimit.PostgresRateLimiter} once for every node
 * in PostgreSQL.
 */
@SuppressWarnings("requires-automatic") // Bucket4j 8.14 ships automatic module names only
module dev.tokenkit.ratelimit {
  requires static transitive org.jspecify;
  requires transitive dev.tokenkit.core;
  requires transitive java.sql;
  requires io.github.bucket4j.core;
  requires io.github.bucket4j.postgresql;

  exports dev.tokenkit.ratelimit;
}

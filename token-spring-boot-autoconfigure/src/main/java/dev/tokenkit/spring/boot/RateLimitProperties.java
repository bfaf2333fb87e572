package dev.tokenkit.spring.boot;

import dev.tokenkit.ratelimit.LocalRateLimiter;
import dev.tokenkit.ratelimit.PostgresRateLimiter;

/**
 * {@code tokenkit.rate-limits.*}: where tokens' rate limits are counted. Mutable while Spring binds
 * it, then only read.
 */
public class RateLimitProperties {

  /**
   * Where requests are counted: {@code memory} (each node on its own: n nodes give a token up to n
   * times its limits) or {@code postgresql} (once for every node, in a table of the application's
   * PostgreSQL data source).
   */
  private String store = "memory";

  /** For the memory store: the most tokens whose counts are kept at once (1 to 100000000). */
  private long maximumTokens = LocalRateLimiter.DEFAULT_MAXIMUM_TOKENS;

  /** For the postgresql store: the table of the counts, created if missing. */
  private String table = PostgresRateLimiter.DEFAULT_TABLE;

  public String getStore() {
    return store;
  }

  public void setStore(String store) {
    this.store = store;
  }

  public long getMaximumTokens() {
    return maximumTokens;
  }

  public void setMaximumTokens(long maximumTokens) {
    this.maximumTokens = maximumTokens;
  }

  public String getTable() {
    return table;
  }

  public void setTable(String table) {
    this.table = table;
  }
}

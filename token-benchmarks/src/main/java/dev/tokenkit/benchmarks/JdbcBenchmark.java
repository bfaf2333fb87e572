package dev.tokenkit.benchmarks;

import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.cache.CachingTokenStore;
import dev.tokenkit.store.jdbc.JdbcTokenStore;
import dev.tokenkit.store.jdbc.SqlDialect;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Valid authentication against H2: through the lookup cache (hit) and straight to the store. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class JdbcBenchmark {

  TokenService cached;
  TokenService cachedWithStats;
  TokenService uncached;
  String token;

  @Setup(Level.Trial)
  public void setUp() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    JdbcTokenStore jdbc = JdbcTokenStore.builder().dataSource(ds).dialect(SqlDialect.H2).build();
    jdbc.createSchemaIfMissing();
    uncached = Fixture.service(jdbc);
    cached = Fixture.service(CachingTokenStore.builder().ttl(Duration.ofMinutes(10)).wrap(jdbc));
    cachedWithStats =
        Fixture.service(
            CachingTokenStore.builder().ttl(Duration.ofMinutes(10)).recordStats(true).wrap(jdbc));
    token = Fixture.createTokens(uncached, 1).get(0);
  }

  @Benchmark
  public AuthResult authenticateValidCacheHit() {
    return cached.authenticate(token, RequestContext.empty());
  }

  /** The same with the cache counting hits and misses (what the starter's metrics read). */
  @Benchmark
  public AuthResult authenticateValidCacheHitWithStats() {
    return cachedWithStats.authenticate(token, RequestContext.empty());
  }

  @Benchmark
  public AuthResult authenticateValidNoCache() {
    return uncached.authenticate(token, RequestContext.empty());
  }
}

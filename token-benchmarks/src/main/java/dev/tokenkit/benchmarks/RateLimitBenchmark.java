package dev.tokenkit.benchmarks;

import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.ratelimit.LocalRateLimiter;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenAccess;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What check 9 costs on the memory path: authenticating a token with rate limits (one limit, or two
 * at once) next to a token without, in one service with the per-node {@link LocalRateLimiter},
 * lookups spread over many tokens of each kind. The limits are high enough never to refuse: the
 * rows measure counting, not refusing. Target (issue 25): rate-limited / unlimited at most 1.5.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class RateLimitBenchmark {

  /** Tokens of each kind; lookups are spread across all of them. */
  @Param("10000")
  public int tokens;

  TokenService service;
  String[] unlimited;
  String[] oneLimit;
  String[] twoLimits;

  /** Each benchmark thread walks the tokens in its own order. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  @Setup(Level.Trial)
  public void setUp() {
    service =
        Fixture.builder(MemoryTokenStore.create()).rateLimiter(LocalRateLimiter.create()).build();
    unlimited = create(List.of());
    oneLimit = create(List.of(RateLimit.parse("1000000000/1m")));
    twoLimits = create(List.of(RateLimit.parse("1000000000/1m"), RateLimit.parse("1000000000/1d")));
    for (String[] set : List.of(unlimited, oneLimit, twoLimits)) {
      if (!service.authenticate(set[0], RequestContext.empty()).isAuthenticated()) {
        throw new IllegalStateException("the benchmark's tokens must authenticate");
      }
    }
  }

  private String[] create(List<RateLimit> limits) {
    String[] out = new String[tokens];
    for (int i = 0; i < tokens; i++) {
      out[i] =
          service
              .create(
                  Fixture.ADMIN,
                  CreateTokenRequest.named("bench " + limits + " " + i)
                      .access(TokenAccess.fullAccess().withRateLimits(limits))
                      .build())
              .token();
    }
    return out;
  }

  @Benchmark
  public AuthResult authenticateUnlimited(Cursor cursor) {
    return service.authenticate(unlimited[cursor.next++ % tokens], RequestContext.empty());
  }

  @Benchmark
  public AuthResult authenticateRateLimited(Cursor cursor) {
    return service.authenticate(oneLimit[cursor.next++ % tokens], RequestContext.empty());
  }

  @Benchmark
  public AuthResult authenticateTwoRateLimits(Cursor cursor) {
    return service.authenticate(twoLimits[cursor.next++ % tokens], RequestContext.empty());
  }
}

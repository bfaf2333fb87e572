package dev.tokenkit.benchmarks;

import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.memory.MemoryTokenStore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of valid authentications; run it with {@code -t 1} and {@code -t 2} (the run script
 * does) to see how it scales without a lock on the read path.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ConcurrencyBenchmark {

  TokenService service;
  String[] valid;

  /** Each thread walks the tokens from its own position. */
  @State(Scope.Thread)
  public static class Cursor {
    int next = (int) (Thread.currentThread().getId() * 7919);
  }

  @Setup(Level.Trial)
  public void setUp() {
    service = Fixture.service(MemoryTokenStore.create());
    valid = Fixture.createTokens(service, 10_000).toArray(new String[0]);
  }

  @Benchmark
  public AuthResult authenticateValid(Cursor cursor) {
    int i = Math.floorMod(cursor.next++, valid.length);
    return service.authenticate(valid[i], RequestContext.empty());
  }
}

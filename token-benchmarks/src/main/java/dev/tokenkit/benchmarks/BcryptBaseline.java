package dev.tokenkit.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** What many tutorials recommend for API keys: a bcrypt hash (cost 10) checked per request. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class BcryptBaseline {

  BCryptPasswordEncoder encoder;
  String key;
  String hash;

  @Setup(Level.Trial)
  public void setUp() {
    encoder = new BCryptPasswordEncoder(10);
    key = "tk_abcDEF012345abcdefghijklmnopqrstuvwxyz012345ABCDEF";
    hash = java.util.Objects.requireNonNull(encoder.encode(key)); // nullable in Spring 7's API
  }

  @Benchmark
  public boolean bcryptCost10() {
    return encoder.matches(key, hash);
  }
}

package dev.tokenkit.benchmarks;

import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.RequestSigner;
import dev.tokenkit.core.SignedRequestVerifier;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtIssuer;
import dev.tokenkit.jwt.JwtVerifier;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.TokenKind;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Authentication the way a server runs it, each request a task: on a reused platform thread
 * (Tomcat's thread pool) or on a new virtual thread per request (Spring Boot's {@code
 * spring.threads.virtual.enabled}), where anything tokenkit kept per thread would be built again
 * for every request. Each task times its own authentication with {@link System#nanoTime}, so the
 * hand-off to the thread, which differs between the two and is not tokenkit's, is not counted.
 *
 * <p>Usage: {@code java -Djdk.virtualThreadScheduler.parallelism=1 -cp benchmarks.jar
 * dev.tokenkit.benchmarks.VirtualThreadLoad [seconds per round] [rounds]} on JDK 21 or later (the
 * run script finds one). One platform worker against one virtual-thread carrier, so that each side
 * has one core and the submitting thread the other. Rounds alternate the two kinds of thread; each
 * kind counts with its best round, since noise from neighbours only ever adds time.
 */
public final class VirtualThreadLoad {

  private static final int BATCH = 256;

  private final Map<String, Supplier<Object>> paths = new LinkedHashMap<>();

  VirtualThreadLoad() {
    TokenService service = Fixture.sealingService(MemoryTokenStore.create());
    String bearer = Fixture.createTokens(service, 1).get(0);
    IssuedToken server =
        service.create(
            Fixture.ADMIN, CreateTokenRequest.named("server").kind(TokenKind.SERVER).build());
    JwtIssuer issuer = JwtIssuer.builder().issuer("https://example.com/").audience("api").build();
    String serverJwt = issuer.issue(server.record(), server.secret());
    JwtVerifier verifier =
        JwtVerifier.builder()
            .tokenService(service)
            .expectedIssuer("https://example.com/")
            .expectedAudience("api")
            .build();
    SignedRequestVerifier signed = service.signedRequests();
    // The same header each time: after the first it is refused as a replay, after its sealed
    // secret was opened and its HMAC checked, the two steps with per-thread state.
    String header = RequestSigner.of(server.key(), server.secret()).sign("=admin", Instant.now());
    // Each path must succeed, or the timings would be of a refusal.
    if (!service.authenticate(bearer, RequestContext.empty()).isAuthenticated()
        || !verifier.verify(serverJwt).valid()
        || !signed.verify(header, RequestContext.empty()).isAuthenticated()) {
      throw new IllegalStateException("the benchmark's credentials do not authenticate");
    }
    paths.put("bearer token", () -> service.authenticate(bearer, RequestContext.empty()));
    paths.put("server token's JWT", () -> verifier.verify(serverJwt));
    paths.put("signed request", () -> signed.verify(header, RequestContext.empty()));
  }

  /** Mean and median nanoseconds of one authentication, as the task timed it. */
  record Timing(double mean, double median) {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ExecutorService virtual = virtualThreadPerTask();
    if (virtual == null) {
      System.out.println("virtual threads need JDK 21 or later; this is " + Runtime.version());
      return;
    }
    ExecutorService platform = Executors.newSingleThreadExecutor();
    try {
      System.out.println(new VirtualThreadLoad().report(platform, virtual, seconds, rounds));
    } finally {
      platform.shutdownNow();
      virtual.shutdownNow();
    }
  }

  /** A markdown table: each path's cost per request on both kinds of thread, and their ratio. */
  String report(ExecutorService platform, ExecutorService virtual, double seconds, int rounds)
      throws InterruptedException, ExecutionException {
    StringBuilder out = new StringBuilder();
    out.append("| authentication | platform thread, mean (median) | virtual thread, mean (median)")
        .append(" | virtual / platform (means) |\n|---|---|---|---|\n");
    for (Map.Entry<String, Supplier<Object>> path : paths.entrySet()) {
      run(platform, path.getValue(), seconds); // warm-up
      run(virtual, path.getValue(), seconds);
      Timing onPlatform = run(platform, path.getValue(), seconds);
      Timing onVirtual = run(virtual, path.getValue(), seconds);
      for (int round = 1; round < rounds; round++) {
        onPlatform = better(onPlatform, run(platform, path.getValue(), seconds));
        onVirtual = better(onVirtual, run(virtual, path.getValue(), seconds));
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f ns (%.0f) | %.0f ns (%.0f) | %.2f× |%n",
              path.getKey(),
              onPlatform.mean(),
              onPlatform.median(),
              onVirtual.mean(),
              onVirtual.median(),
              onVirtual.mean() / onPlatform.mean()));
    }
    return out.toString();
  }

  private static Timing better(Timing best, Timing next) {
    return next.mean() < best.mean() ? next : best;
  }

  /** Runs tasks on {@code executor} for about {@code seconds}; each times its authentication. */
  static Timing run(ExecutorService executor, Supplier<Object> work, double seconds)
      throws InterruptedException, ExecutionException {
    long[] samples = new long[1 << 22];
    AtomicInteger taken = new AtomicInteger();
    Future<?>[] pending = new Future<?>[BATCH];
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end && taken.get() + BATCH <= samples.length) {
      for (int i = 0; i < BATCH; i++) {
        pending[i] =
            executor.submit(
                () -> {
                  long start = System.nanoTime();
                  Object result = work.get();
                  long took = System.nanoTime() - start;
                  samples[taken.getAndIncrement()] = took;
                  return result;
                });
      }
      for (Future<?> f : pending) {
        f.get();
      }
    }
    long[] done = Arrays.copyOf(samples, taken.get());
    Arrays.sort(done);
    return new Timing(Arrays.stream(done).average().orElse(0), done[done.length / 2]);
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()}, or null before JDK 21. */
  static @Nullable ExecutorService virtualThreadPerTask() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}

package dev.tokenkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tokenkit.core.Decision;
import dev.tokenkit.jwt.JwtFailure;
import dev.tokenkit.jwt.JwtVerifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every benchmark method once, outside JMH, to prove the suite works (the timed runs are not
 * part of the build: too noisy for CI).
 */
class BenchmarkSmokeTest {

  @Test
  void authenticateBenchmarkMethodsWork() throws Exception {
    AuthenticateBenchmark b = new AuthenticateBenchmark();
    b.tokens = 50;
    b.setUp();
    AuthenticateBenchmark.Macs macs = new AuthenticateBenchmark.Macs();
    macs.setUp();
    assertThat(b.rawHmacSha256(macs)).hasSize(32);
    assertThat(b.authenticateValid(macs).isAuthenticated()).isTrue();
    int next = macs.next;
    assertThat(b.storeLookupDependent(macs)).isZero();
    assertThat(macs.next).isEqualTo(next + 1);
    assertThat(b.authenticateGarbage().httpStatus()).isEqualTo(401);
    assertThat(b.authenticateUnknown().httpStatus()).isEqualTo(401);
    assertThat(b.authorizeCustom50()).isEqualTo(Decision.ALLOW);
    assertThat(b.strapiStyleBaseline(macs)).hasSize(128);
    assertThat(b.verifySignedRequest().isAuthenticated()).isTrue();
    assertThat(Fixture.customScope50()).hasSize(50).doesNotHaveDuplicates();
  }

  @Test
  void jwtBenchmarkMethodsWork() throws Exception {
    JwtBenchmark b = new JwtBenchmark();
    b.setUp();
    assertThat(b.nimbusVerifyHs512()).isNotNull();
    assertThat(b.auth0VerifyHs512()).isNotNull();
    assertThat(b.verify().valid()).isTrue();
    assertThat(b.verifyServerToken().valid()).isTrue();
    // The worst cases fill the caps exactly and get as far as the signature check.
    assertThat(b.worstJwt)
        .hasSizeLessThanOrEqualTo(JwtVerifier.MAX_LENGTH)
        .hasSizeGreaterThan(8100);
    assertThat(b.worstJwt.indexOf('.'))
        .isBetween(JwtVerifier.MAX_HEADER_LENGTH - 3, JwtVerifier.MAX_HEADER_LENGTH);
    assertThat(b.verifyWorstCase().failure()).isEqualTo(JwtFailure.BAD_SIGNATURE);
    assertThat(b.verifyServerTokenWorstCase().failure()).isEqualTo(JwtFailure.BAD_SIGNATURE);
    assertThat(b.nimbusSignHs512()).contains(".");
    assertThat(b.issue()).isEqualTo(b.jwt);
  }

  @Test
  void baselineConcurrencyAndJdbcBenchmarksWork() {
    BcryptBaseline bcrypt = new BcryptBaseline();
    bcrypt.setUp();
    assertThat(bcrypt.bcryptCost10()).isTrue();
    ConcurrencyBenchmark c = new ConcurrencyBenchmark();
    c.setUp();
    assertThat(c.authenticateValid(new ConcurrencyBenchmark.Cursor()).isAuthenticated()).isTrue();
    JdbcBenchmark j = new JdbcBenchmark();
    j.setUp();
    assertThat(j.authenticateValidCacheHit().isAuthenticated()).isTrue();
    assertThat(j.authenticateValidNoCache().isAuthenticated()).isTrue();
  }

  @Test
  void memoryFootprintAndRatioReportRun(@TempDir Path dir) throws Exception {
    MemoryFootprint.main(new String[] {"200"});
    String result =
        "[{\"benchmark\":\"dev.tokenkit.benchmarks.ConcurrencyBenchmark.authenticateValid\","
            + "\"primaryMetric\":{\"score\":1.5,\"scoreUnit\":\"ops/us\"}}]";
    Path json = dir.resolve("c.json");
    Files.writeString(json, result, StandardCharsets.UTF_8);
    assertThat(RatioReport.scores(json))
        .containsEntry("ConcurrencyBenchmark.authenticateValid", 1.5);
  }

  @Test
  void ratioReportTakesEachBenchmarksBetterRun(@TempDir Path dir) throws Exception {
    Path first = dir.resolve("main-1.json");
    Path second = dir.resolve("main-2.json");
    Files.writeString(first, result("rawHmacSha256", 200) + result("authenticateValid", 500));
    Files.writeString(
        second,
        result("rawHmacSha256", 300)
            + result("authenticateValid", 400)
            + result("storeLookupDependent", 100));
    for (Path p : new Path[] {first, second}) {
      Files.writeString(p, "[" + Files.readString(p).replace("}{", "},{") + "]");
    }
    Path hot = dir.resolve("hot-1.json");
    Files.writeString(
        hot, "[" + result("rawHmacSha256", 200) + "," + result("authenticateValid", 300) + "]");
    Path empty = dir.resolve("empty.json");
    Files.writeString(empty, "[]");
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      RatioReport.main(
          new String[] {
            first + "," + second,
            empty.toString(),
            empty.toString(),
            empty.toString(),
            "400",
            hot.toString()
          });
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("| authenticateValid / rawHmacSha256 | 2.000 | <= 2.0 | yes |")
        .contains(
            "| authenticateValid / rawHmacSha256, one hot token (-p tokens=1) | 1.500 | (report) |")
        .contains("| storeLookupDependent / rawHmacSha256 | 0.500 | (report) |")
        .contains("| hot-token ratio + storeLookupDependent / rawHmacSha256 | 2.000 | (report) |")
        .contains("| retained bytes per stored token | 400.000 | <= 600 | yes |");
  }

  @Test
  void filterChainBenchmarkAnswersEveryRequest() throws Exception {
    FilterChainBenchmark b = new FilterChainBenchmark();
    b.setUp(); // refuses to start unless each chain admits and refuses as it should
    try {
      assertThat(b.permitAll()).isEqualTo(200);
      assertThat(b.tokenkitApiToken()).isEqualTo(200);
      assertThat(b.tokenkitServerJwt()).isEqualTo(200);
      assertThat(b.springResourceServerJwt()).isEqualTo(200);
      assertThat(b.status("/api/hello", b.springJwt)).isEqualTo(401);
    } finally {
      b.tearDown();
    }
  }

  @Test
  void httpLoadReadsWholeAnswersOfEveryFraming() throws Exception {
    String answers =
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
            + "HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3;x=y\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
            + "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nConnection: close\r\n\r\n";
    java.io.InputStream in =
        new java.io.ByteArrayInputStream(answers.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(HttpLoad.Answer.read(in)).isEqualTo(new HttpLoad.Answer(200, false));
    assertThat(HttpLoad.Answer.read(in)).isEqualTo(new HttpLoad.Answer(401, false));
    assertThat(HttpLoad.Answer.read(in)).isEqualTo(new HttpLoad.Answer(404, true));
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void httpLoadMeasuresAServer() throws Exception {
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              (exchange.getRequestHeaders().containsKey("Authorization") ? "yes" : "no")
                  .getBytes(StandardCharsets.US_ASCII);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      HttpLoad.Result result =
          new HttpLoad("127.0.0.1", server.getAddress().getPort())
              .run("/content/docs", "Authorization: Bearer x", 0.3, 2);
      assertThat(result.statuses()).containsOnlyKeys(200);
      assertThat(result.perSecond()).isPositive();
      assertThat(result.p99Millis()).isGreaterThanOrEqualTo(result.p50Millis());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void httpLoadRoundsAddUpToOneResult() {
    long[] fast = new long[99];
    java.util.Arrays.fill(fast, 1_000_000L);
    HttpLoad.Result result =
        HttpLoad.summarize(
            java.util.List.of(
                new HttpLoad.Round(99, 1_000_000_000L, fast, java.util.Map.of(200, 99)),
                new HttpLoad.Round(
                    1, 1_000_000_000L, new long[] {50_000_000L}, java.util.Map.of(401, 1))));
    assertThat(result.perSecond()).isEqualTo(50.0);
    assertThat(result.p50Millis()).isEqualTo(1.0);
    assertThat(result.p99Millis()).isEqualTo(50.0);
    assertThat(result.statuses()).containsExactly(entry(200, 99), entry(401, 1));
  }

  @Test
  void virtualThreadLoadTimesEachPathOnEitherKindOfThread() throws Exception {
    java.util.concurrent.ExecutorService one =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    java.util.concurrent.ExecutorService other =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      String report = new VirtualThreadLoad().report(one, other, 0.05, 2);
      assertThat(report.lines())
          .hasSize(5)
          .anySatisfy(l -> assertThat(l).startsWith("| bearer token | "))
          .anySatisfy(l -> assertThat(l).startsWith("| server token's JWT | "))
          .anySatisfy(l -> assertThat(l).startsWith("| signed request | "));
      assertThat(VirtualThreadLoad.run(one, () -> "x", 0.01).mean()).isPositive();
    } finally {
      one.shutdownNow();
      other.shutdownNow();
    }
    // On JDK 17 there are no virtual threads: the main method says so instead of failing.
    if (Runtime.version().feature() < 21) {
      assertThat(VirtualThreadLoad.virtualThreadPerTask()).isNull();
    }
  }

  private static String result(String method, double score) {
    return "{\"benchmark\":\"dev.tokenkit.benchmarks.AuthenticateBenchmark."
        + method
        + "\",\"primaryMetric\":{\"score\":"
        + score
        + ",\"scoreUnit\":\"ns/op\"}}";
  }
}

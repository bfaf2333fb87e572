package dev.tokenkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.Decision;
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
    assertThat(b.authenticateGarbage().httpStatus()).isEqualTo(401);
    assertThat(b.authenticateUnknown().httpStatus()).isEqualTo(401);
    assertThat(b.authorizeCustom50()).isEqualTo(Decision.ALLOW);
    assertThat(b.strapiStyleBaseline(macs)).hasSize(128);
    assertThat(Fixture.customScope50()).hasSize(50).doesNotHaveDuplicates();
  }

  @Test
  void jwtBenchmarkMethodsWork() throws Exception {
    JwtBenchmark b = new JwtBenchmark();
    b.setUp();
    assertThat(b.nimbusVerifyHs512()).isNotNull();
    assertThat(b.auth0VerifyHs512()).isNotNull();
    assertThat(b.verify().valid()).isTrue();
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
}

package dev.tokenkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's main job: the tour passes end to end, and the command line refuses bad input. */
@Timeout(120) // a hung request must fail the build, not stall it
class TourTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) throws Exception {
    return DemoMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of());
  }

  @Test
  void tourPassesAndPrintsEveryStep() throws Exception {
    assertThat(run("tour")).as(out.toString(StandardCharsets.UTF_8)).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .containsPattern(
            Pattern.compile("^listening on http://127\\.0\\.0\\.1:\\d+$", Pattern.MULTILINE))
        .containsPattern(Pattern.compile("^bootstrap admin token: tk_\\S+$", Pattern.MULTILINE))
        .contains("GET /content/docs -> 401 (missing_token)")
        .contains("GET /admin/tokens/openapi.json -> 200")
        .contains("PUT /content/docs/guide -> 403 (read_only)")
        .contains("-> 401 (revoked)")
        .contains("-> 401 (stale_signature)")
        .contains("-> 403 (client_not_allowed)")
        .contains("-> 403 (owner_lacks_permission)")
        .contains("-> 403 (outside_root)")
        .contains("tour passed")
        .doesNotContain("<-- expected")
        .doesNotContain("FAILED");
    long steps =
        printed.lines().filter(line -> line.matches("[A-Z]+ /\\S* -> \\d{3} \\(.+\\)")).count();
    assertThat(steps).isGreaterThanOrEqualTo(35);
  }

  @Test
  void anH2UrlThatWouldLoseCommitsIsRefusedNamingTheSetting(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("risky").toAbsolutePath();
    assertThat(run("serve", "--port", "0", "--data", dir.toString(), "--jdbc-url", url))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot start")
        .contains("WRITE_DELAY=0")
        .doesNotContain("Exception");
  }

  @Test
  void badCommandLinesExitTwoWithUsage() throws Exception {
    String[][] bad = {
      {},
      {"dance"},
      {"serve", "--port"},
      {"serve", "--port", "99999"},
      {"serve", "--port", "-1"},
      {"serve", "--port", "eighty"},
      {"serve", "--colour", "blue"},
      {"tour", "--data", "/tmp/x"},
      {"tour", "--jdbc-url", "jdbc:h2:mem:x"},
    };
    for (String[] args : bad) {
      err.reset();
      assertThat(run(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage:");
    }
  }
}

package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.fuzz.FuzzInput;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.TokenStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes the HTTP bodies that the starter parses: the management API's JSON (create and edit) and
 * signed leaked-token reports. Whatever the body, the answer is a success or a 4xx problem that
 * names no Java class, never a 5xx; a report revokes a token only when it names it exactly.
 */
class ManagementFuzzTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(ManagementApiTest.Host.class)
  static class Host {
    /** In memory: a fuzzing run creates hundreds of thousands of tokens. */
    @Bean
    TokenStore store() {
      return MemoryTokenStore.create();
    }
  }

  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final java.util.concurrent.atomic.AtomicLong REPORTS =
      new java.util.concurrent.atomic.AtomicLong();
  private static final Actor ADMIN =
      Actor.of("admin", EnumSet.allOf(AdminPermission.class), ManagementApiTest.ADMIN_PERMISSIONS);
  private static ConfigurableApplicationContext app;
  private static TokenService tokens;
  private static int port;
  private static String base;
  private static String admin;
  private static String existing;
  private static KeyPair reporter;

  @BeforeAll
  static void start() throws Exception {
    reporter = LeakReportEndpointTest.p256();
    Map<String, Object> properties = new HashMap<>(LeakReportEndpointTest.baseProperties());
    properties.put("tokenkit.management.enabled", "true");
    properties.put(
        "tokenkit.leak-reports.public-keys." + LeakReportEndpointTest.KEY_ID,
        java.util.Base64.getEncoder().encodeToString(reporter.getPublic().getEncoded()));
    properties.put("logging.level.root", "off");
    app = new SpringApplicationBuilder(Host.class).properties(properties).run();
    port = Integer.parseInt(app.getBean(Environment.class).getProperty("local.server.port"));
    base = "http://127.0.0.1:" + port;
    tokens = app.getBean(TokenService.class);
    admin = tokens.create(ADMIN, CreateTokenRequest.named("admin").build()).token();
    existing = tokens.create(ADMIN, CreateTokenRequest.named("edited").build()).id().value();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  /** The first byte picks create or edit; the rest is the JSON body. */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void anyManagementBodyIsAnsweredWithSuccessOrA4xxProblem(byte[] input) throws Exception {
    allowOnlyTheTestServer();
    boolean edit = input.length > 0 && (input[0] & 1) == 1;
    String body =
        FuzzInput.text(
            input.length == 0 ? input : java.util.Arrays.copyOfRange(input, 1, input.length));
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(
                    URI.create(base + "/tokenkit/tokens" + (edit ? "/" + existing : "")))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .method(edit ? "PATCH" : "POST", HttpRequest.BodyPublishers.ofString(body)));
    assertAnswered(answer);
  }

  /**
   * A valid signed report of a live token, changed by the fuzzer and signed again: the token is
   * revoked only if the report still names it exactly.
   */
  @FuzzTest(maxDuration = "10m", maxExecutions = 1_000_000)
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aSignedReportRevokesOnlyTheTokenItNamesExactly(byte[] input) throws Exception {
    allowOnlyTheTestServer();
    var live =
        tokens.create(
            ADMIN, CreateTokenRequest.named("maybe leaked " + REPORTS.incrementAndGet()).build());
    String report =
        "[{\"token\":\""
            + live.token()
            + "\",\"type\":\"tokenkit_api_token\",\"url\":\"https://example.com/a\"}]";
    String body = FuzzInput.edit(report, input);
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(URI.create(base + "/tokenkit/leaked-tokens"))
                .header("Content-Type", "application/json")
                .header(LeakReportController.KEY_ID_HEADER, LeakReportEndpointTest.KEY_ID)
                .header(
                    LeakReportController.SIGNATURE_HEADER,
                    LeakReportEndpointTest.sign(reporter, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertAnswered(answer);
    boolean revoked = !tokens.authenticate(live.token(), null).isAuthenticated();
    if (revoked) {
      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode reports = ManagementJson.MAPPER.readTree(body);
      boolean named = false;
      for (JsonNode report1 : reports) {
        named |= live.token().equals(report1.path("token").asString());
      }
      assertThat(named).as(body).isTrue();
    }
    if (answer.statusCode() == 200) {
      assertThat(answer.body()).doesNotContain(live.token());
    }
  }

  /**
   * Jazzer's server-side request forgery detector reports every connection while fuzzing; the
   * test's own calls to its loopback server are expected, any other connection stays a finding.
   */
  @SuppressWarnings("MustBeClosedChecker") // allowed for the whole run, by design
  private static void allowOnlyTheTestServer() {
    BugDetectors.allowNetworkConnections(
        (host, p) ->
            ("127.0.0.1".equals(host) || "localhost".equals(host)) && p != null && p == port);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(
        request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertAnswered(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isBetween(200, 499);
    assertThat(answer.body())
        .doesNotContainPattern("(java|jakarta|tools|dev\\.tokenkit)\\.[a-z]+\\.[A-Za-z]");
    assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
    if (answer.statusCode() >= 400) {
      JsonNode problem = ManagementJson.MAPPER.readTree(answer.body());
      assertThat(problem.path("status").asInt()).isEqualTo(answer.statusCode());
      assertThat(problem.path("error").asString()).isNotEmpty();
    }
  }
}

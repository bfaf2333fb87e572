package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.RateLimiter;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.ratelimit.PostgresRateLimiter;
import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * The starter on PostgreSQL over real HTTP: the management API, rate limits shared in PostgreSQL,
 * then the database stopped (health DOWN, management 503) and started again (health UP, the tokens
 * still there).
 */
class PostgresStarterTest {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static EmbeddedPostgres start(Path dataDir, int port) throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void managementHealthAndAnOutageOnPostgres() throws Exception {
    Path dataDir = Files.createTempDirectory("tokenkit-boot-pg");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    EmbeddedPostgres postgres = start(dataDir, port);
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(ManagementApiTest.Host.class)
            .properties(
                Map.ofEntries(
                    Map.entry("server.port", "0"),
                    Map.entry(
                        "spring.datasource.url",
                        "jdbc:postgresql://localhost:" + port + "/postgres"),
                    Map.entry("spring.datasource.username", "postgres"),
                    Map.entry("spring.datasource.hikari.connection-timeout", "1000"),
                    Map.entry("spring.datasource.hikari.validation-timeout", "500"),
                    Map.entry("tokenkit.peppers.1", TokenkitAutoConfigurationTest.PEPPER),
                    Map.entry("tokenkit.jdbc.initialize-schema", "always"),
                    Map.entry("tokenkit.cache.enabled", "false"),
                    Map.entry("tokenkit.management.enabled", "true"),
                    Map.entry("tokenkit.rate-limits.store", "postgresql"),
                    Map.entry("management.endpoints.web.exposure.include", "health"),
                    Map.entry("management.endpoint.health.show-components", "always"),
                    Map.entry("logging.level.root", "off")))
            .run()) {
      assertThat(app.getBean(TokenStore.class).toString()).contains("POSTGRESQL");
      String root =
          "http://127.0.0.1:" + app.getBean(Environment.class).getProperty("local.server.port");
      Actor bootstrap =
          Actor.of(
              "admin", EnumSet.allOf(AdminPermission.class), ManagementApiTest.ADMIN_PERMISSIONS);
      String admin =
          app.getBean(TokenService.class)
              .create(bootstrap, CreateTokenRequest.named("admin").build())
              .token();
      assertThat(app.getBean(RateLimiter.class)).isInstanceOf(PostgresRateLimiter.class);
      String limited =
          app.getBean(TokenService.class)
              .create(
                  bootstrap,
                  CreateTokenRequest.named("once an hour")
                      .access(
                          TokenAccess.fullAccess().withRateLimits(List.of(RateLimit.parse("1/1h"))))
                      .build())
              .token();
      assertThat(get(root + "/tokenkit/tokens", limited).statusCode()).isEqualTo(200);
      HttpResponse<String> secondCall = get(root + "/tokenkit/tokens", limited);
      ManagementApiTest.problem(secondCall, 429, "rate_limited", null);
      assertThat(secondCall.headers().firstValue("Retry-After")).isPresent();
      app.getBean(TokenkitMaintenance.class).purge(); // the buckets' rows too: none is full yet
      assertThat(get(root + "/tokenkit/tokens", limited).statusCode()).isEqualTo(429);
      HttpResponse<String> list = get(root + "/tokenkit/tokens", admin);
      assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
      assertThat(list.body()).contains("\"admin\"");
      assertThat(status(get(root + "/actuator/health/tokenkit", null))).isEqualTo("UP");

      postgres.close();
      HttpResponse<String> down = get(root + "/actuator/health/tokenkit", null);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(status(down)).isEqualTo("DOWN");
      // Authentication itself needs the store: the chain answers 503 unavailable, as a problem.
      ManagementApiTest.problem(get(root + "/tokenkit/tokens", admin), 503, "unavailable", null);

      postgres = start(dataDir, port);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      String status = "DOWN";
      while (!status.equals("UP") && System.nanoTime() < deadline) {
        Thread.sleep(200);
        status = status(get(root + "/actuator/health/tokenkit", null));
      }
      assertThat(status).isEqualTo("UP");
      assertThat(get(root + "/tokenkit/tokens", admin).statusCode()).isEqualTo(200);
    } finally {
      postgres.close();
    }
  }

  private static String status(HttpResponse<String> health) {
    JsonNode json = ManagementJson.MAPPER.readTree(health.body());
    return json.path("status").asString();
  }
}

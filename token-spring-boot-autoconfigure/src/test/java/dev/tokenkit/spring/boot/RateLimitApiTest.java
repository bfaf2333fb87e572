package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code rateLimits} on the management API, counted by the starter's default per-node limiter: set
 * at create and edit, shown, enforced with 429, lifted; bad values refused naming the field.
 */
class RateLimitApiTest {

  static ManagementTestApp app;
  static String admin;

  @BeforeAll
  static void start() {
    app = ManagementTestApp.start();
    admin = app.adminToken;
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void limitsAreSetShownEnforcedAndLifted() throws Exception {
    HttpResponse<String> created =
        send(
            "POST",
            "/tokenkit/tokens",
            "{\"name\":\"limited\",\"rateLimits\":[\"2/1h\",\"100/60s\"]}",
            admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode token = ManagementApiTest.json(created);
    assertThat(token.path("rateLimits").toString()).isEqualTo("[\"100/1m\",\"2/1h\"]");
    String secret = token.path("token").asString();
    String id = token.path("id").asString();
    for (int i = 0; i < 2; i++) {
      assertThat(send("GET", "/tokenkit/tokens/openapi.json", null, secret).statusCode())
          .isEqualTo(200);
    }
    HttpResponse<String> limited = send("GET", "/tokenkit/tokens/openapi.json", null, secret);
    ManagementApiTest.problem(limited, 429, "rate_limited", null);
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("1800");
    assertThat(limited.headers().firstValue("RateLimit")).hasValue("\"1h\";r=0;t=1800");
    assertThat(limited.headers().firstValue("RateLimit-Policy"))
        .hasValue("\"1m\";q=100;w=60, \"1h\";q=2;w=3600");

    JsonNode read = ManagementApiTest.json(send("GET", "/tokenkit/tokens/" + id, null, admin));
    assertThat(read.path("rateLimits").size()).isEqualTo(2);
    JsonNode lifted =
        ManagementApiTest.json(
            send("PATCH", "/tokenkit/tokens/" + id, "{\"rateLimits\":[]}", admin));
    assertThat(lifted.path("rateLimits").isEmpty()).isTrue();
    assertThat(send("GET", "/tokenkit/tokens/openapi.json", null, secret).statusCode())
        .isEqualTo(200);
    JsonNode free =
        ManagementApiTest.json(send("POST", "/tokenkit/tokens", "{\"name\":\"free\"}", admin));
    assertThat(free.path("rateLimits").isArray()).isTrue();
    assertThat(free.path("rateLimits").isEmpty()).isTrue();
  }

  @Test
  void badLimitsAreRefusedNamingTheField() throws Exception {
    for (String bad :
        List.of(
            "\"100/1m\"",
            "[\"0/1m\"]",
            "[\"100\"]",
            "[\"100/1w\"]",
            "[\"1/367d\"]",
            "[\"1000000001/1s\"]",
            "[\"１００/1m\"]",
            "[\"1/1m\",\"2/60s\"]",
            "[\"1/1s\",\"1/2s\",\"1/3s\",\"1/4s\",\"1/5s\"]",
            "[null]",
            "[7]",
            "[\"" + "9".repeat(10_000) + "/1m\"]",
            "{}",
            "true")) {
      HttpResponse<String> answer =
          send("POST", "/tokenkit/tokens", "{\"name\":\"bad\",\"rateLimits\":" + bad + "}", admin);
      ManagementApiTest.problem(answer, 400, "invalid_request", "rateLimits");
      assertThat(answer.body()).doesNotContain("Exception").doesNotContain("dev.tokenkit");
    }
  }

  private static HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    return app.send(method, path, body, token);
  }
}

package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code uses} on the management API: set at create and edit, lifted, shown, counted down. */
class UseLimitApiTest {

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
  void usesAreSetShownCountedAndLifted() throws Exception {
    HttpResponse<String> created =
        send("POST", "/tokenkit/tokens", "{\"name\":\"twice\",\"uses\":2}", admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode token = ManagementApiTest.json(created);
    assertThat(token.path("remainingUses").asLong()).isEqualTo(2);
    String secret = token.path("token").asString();
    String id = token.path("id").asString();
    // Each successful call with the token uses one: here, reading itself through the API.
    assertThat(send("GET", "/tokenkit/tokens/openapi.json", null, secret).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/tokenkit/tokens/openapi.json", null, secret).statusCode())
        .isEqualTo(200);
    HttpResponse<String> exhausted = send("GET", "/tokenkit/tokens/openapi.json", null, secret);
    ManagementApiTest.problem(exhausted, 403, "usage_exceeded", null);
    JsonNode read = ManagementApiTest.json(send("GET", "/tokenkit/tokens/" + id, null, admin));
    assertThat(read.path("remainingUses").asLong()).isZero();

    JsonNode more =
        ManagementApiTest.json(send("PATCH", "/tokenkit/tokens/" + id, "{\"uses\":5}", admin));
    assertThat(more.path("remainingUses").asLong()).isEqualTo(5);
    JsonNode lifted =
        ManagementApiTest.json(
            send("PATCH", "/tokenkit/tokens/" + id, "{\"uses\":\"unlimited\"}", admin));
    assertThat(lifted.path("remainingUses").isNull()).isTrue();
    JsonNode unlimited =
        ManagementApiTest.json(send("POST", "/tokenkit/tokens", "{\"name\":\"free\"}", admin));
    assertThat(unlimited.has("remainingUses")).isTrue();
    assertThat(unlimited.path("remainingUses").isNull()).isTrue();
  }

  @Test
  void aRefillIsSetShownAndStopped() throws Exception {
    JsonNode created =
        ManagementApiTest.json(
            send(
                "POST",
                "/tokenkit/tokens",
                "{\"name\":\"daily\",\"uses\":100,\"usesRefill\":\"1d\"}",
                admin));
    assertThat(created.path("usesRefill").asString()).isEqualTo("PT24H");
    assertThat(created.path("nextUsesRefillAt").asString()).isNotEmpty();
    String id = created.path("id").asString();
    JsonNode hourly =
        ManagementApiTest.json(
            send("PATCH", "/tokenkit/tokens/" + id, "{\"usesRefill\":\"PT1H\"}", admin));
    assertThat(hourly.path("usesRefill").asString()).isEqualTo("PT1H");
    JsonNode stopped =
        ManagementApiTest.json(
            send("PATCH", "/tokenkit/tokens/" + id, "{\"usesRefill\":\"none\"}", admin));
    assertThat(stopped.path("usesRefill").isNull()).isTrue();
    assertThat(stopped.path("remainingUses").asLong()).isEqualTo(100);
    for (String bad : List.of("\"30s\"", "\"400d\"", "\"often\"", "7", "true")) {
      ManagementApiTest.problem(
          send(
              "POST",
              "/tokenkit/tokens",
              "{\"name\":\"bad\",\"uses\":5,\"usesRefill\":" + bad + "}",
              admin),
          400,
          "invalid_request",
          "usesRefill");
    }
    ManagementApiTest.problem(
        send("POST", "/tokenkit/tokens", "{\"name\":\"no limit\",\"usesRefill\":\"1d\"}", admin),
        400,
        "invalid_request",
        "usesRefill");
  }

  @Test
  void badUsesAreRefusedNamingTheField() throws Exception {
    for (String bad :
        List.of(
            "0", "-1", "1000000000001", "1.5", "\"many\"", "true", "[]", "99999999999999999999")) {
      HttpResponse<String> answer =
          send("POST", "/tokenkit/tokens", "{\"name\":\"bad\",\"uses\":" + bad + "}", admin);
      ManagementApiTest.problem(answer, 400, "invalid_request", "uses");
    }
  }

  private static HttpResponse<String> send(String method, String path, String body, String token)
      throws Exception {
    return app.send(method, path, body, token);
  }
}

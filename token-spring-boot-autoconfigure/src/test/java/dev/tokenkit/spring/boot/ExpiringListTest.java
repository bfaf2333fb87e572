package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.Lifetime;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET {base}?expiringWithin=}: the management API's list of tokens about to expire. */
class ExpiringListTest {

  static ManagementTestApp app;

  @BeforeAll
  static void start() {
    app = ManagementTestApp.start();
    for (int i = 0; i < 5; i++) {
      app.tokens()
          .create(
              ManagementTestApp.ADMIN,
              CreateTokenRequest.named("soon " + i)
                  .lifetime(Lifetime.until(Instant.now().plus(Duration.ofDays(3))))
                  .build());
    }
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void listsOnlyTokensAboutToExpireFollowingTheCursor() throws Exception {
    List<String> names = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          ManagementApiTest.json(
              get("?expiringWithin=7d&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)));
      page.path("items").forEach(item -> names.add(item.path("name").asString()));
      cursor = page.path("next").isNull() ? null : page.path("next").asString();
    } while (cursor != null);
    assertThat(names).containsExactlyInAnyOrder("soon 0", "soon 1", "soon 2", "soon 3", "soon 4");
    assertThat(ManagementApiTest.json(get("?expiringWithin=P100D&limit=100")).path("items").size())
        .isEqualTo(6); // the admin token's 90 days too
    assertThat(ManagementApiTest.json(get("?expiringWithin=1h")).path("items").size()).isZero();
  }

  @Test
  void aBadWindowIsRefusedNamingTheField() throws Exception {
    for (String bad :
        List.of(
            "0d",
            "367d",
            "soon",
            "-P1D",
            "PT0S",
            "7",
            "9999999d",
            "%E2%9C%93",
            "P" + "9".repeat(40) + "D")) {
      ManagementApiTest.problem(
          get("?expiringWithin=" + bad), 400, "invalid_request", "expiringWithin");
    }
    ManagementApiTest.problem(
        get("?expiringWithin=7d&kind=api"), 400, "invalid_request", "expiringWithin");
  }

  private static HttpResponse<String> get(String query) throws Exception {
    return app.send("GET", "/tokenkit/tokens" + query, null, app.adminToken);
  }
}

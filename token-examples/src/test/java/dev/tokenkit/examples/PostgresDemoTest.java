package dev.tokenkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --jdbc-url jdbc:postgresql:...} against a real PostgreSQL started by the test. */
@Timeout(120) // a hung request must fail the build, not stall it
class PostgresDemoTest {

  @TempDir Path dataDir;

  @Test
  void serverRunsOnPostgres() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      ReferenceServer.Settings settings = new ReferenceServer.Settings();
      settings.port = 0;
      settings.dataDir = dataDir;
      settings.jdbcUrl = postgres.getJdbcUrl("postgres", "postgres");
      HttpClient client = HttpClient.newHttpClient();
      try (ReferenceServer server = ReferenceServer.start(settings)) {
        String admin = server.bootstrapToken().orElseThrow();
        String base = "http://127.0.0.1:" + server.port();
        HttpResponse<String> created =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/admin/tokens"))
                    .header("Authorization", "Bearer " + admin)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"on postgres\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String token = Tour.JSON.readTree(created.body()).path("token").asText();
        HttpResponse<String> read =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "/content/docs"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
      }
      try (ReferenceServer again = ReferenceServer.start(settings)) {
        assertThat(again.bootstrapToken()).isEmpty();
      }
    }
  }
}

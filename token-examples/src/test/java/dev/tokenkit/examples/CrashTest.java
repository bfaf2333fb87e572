package dev.tokenkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference server as a child JVM, killed with SIGKILL in the middle of a burst of management
 * calls and restarted on the same data: every effect it acknowledged with a 2xx holds, and every
 * listed record reads back whole. Five rounds on the embedded H2 default, two on PostgreSQL (only
 * the application is killed, never the database).
 */
@Timeout(600)
class CrashTest {

  private static final int THREADS = 4;

  @TempDir Path root;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void acknowledgedEffectsSurviveSigkillOnH2() throws Exception {
    for (int round = 0; round < 5; round++) {
      round(root.resolve("h2-" + round), null, new Random(round));
    }
  }

  @Test
  void acknowledgedEffectsSurviveSigkillOnPostgres() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      for (int round = 0; round < 2; round++) {
        String database = "crash" + round;
        try (var c = postgres.getPostgresDatabase().getConnection();
            var s = c.createStatement()) {
          s.execute("CREATE DATABASE " + database);
        }
        String url = postgres.getJdbcUrl("postgres", database);
        round(root.resolve("pg-" + round), url, new Random(100 + round));
      }
    }
  }

  /** What a token should look like after the restart, from the answers the server gave. */
  private static final class Expected {
    final String id;
    volatile String token;
    volatile boolean revoked;
    volatile boolean disabled;

    /** A call on it was sent but never answered: it may or may not have taken effect. */
    volatile boolean uncertain;

    Expected(String id, String token) {
      this.id = id;
      this.token = token;
    }
  }

  private void round(Path dir, String jdbcUrl, Random random) throws Exception {
    Server server = Server.start(dir, jdbcUrl);
    String admin = server.bootstrapToken;
    assertThat(admin).as("first start prints the bootstrap token").isNotNull();
    Map<String, Expected> acknowledged = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger acks = new AtomicInteger();
    ExecutorService burst = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> drivers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      long seed = random.nextLong();
      drivers.add(
          burst.submit(
              () -> drive(server.port, admin, thread, new Random(seed), stop, acknowledged, acks)));
    }
    // Let the burst get going (the child JVM is cold at first), then kill the server without
    // warning at a random moment mid-burst.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acks.get() < 20 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(random.nextInt(1500));
    server.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    stop.set(true);
    burst.shutdown();
    for (Future<?> driver : drivers) {
      driver.get(60, TimeUnit.SECONDS); // rethrows what a driver failed with
    }
    assertThat(acks.get()).as("the burst got answers before the kill").isGreaterThan(10);

    Server again = Server.start(dir, jdbcUrl);
    try {
      assertThat(again.bootstrapToken).as("no second bootstrap token").isNull();
      for (Expected e : acknowledged.values()) {
        JsonNode record = get(again.port, admin, "/admin/tokens/" + e.id);
        assertThat(record.path("id").asText())
            .as("acknowledged create of %s", e.id)
            .isEqualTo(e.id);
        if (e.revoked) {
          assertThat(record.path("state").asText()).as("revoked %s", e.id).isEqualTo("revoked");
        }
        if (e.disabled) {
          assertThat(record.path("enabled").asBoolean()).as("disabled %s", e.id).isFalse();
        }
        if (e.uncertain) {
          continue; // an unanswered regenerate, revoke or disable may have landed: no claim
        }
        int status = status(again.port, "/content/docs", e.token);
        boolean usable = !e.revoked && !e.disabled;
        assertThat(status)
            .as("latest token of %s (revoked %s, disabled %s)", e.id, e.revoked, e.disabled)
            .isEqualTo(usable ? 200 : 401);
      }
      // Nothing half-written: every listed record reads back whole.
      String cursor = null;
      int listed = 0;
      do {
        JsonNode page =
            get(
                again.port,
                admin,
                "/admin/tokens?limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
        for (JsonNode item : page.path("items")) {
          listed++;
          JsonNode whole = get(again.port, admin, "/admin/tokens/" + item.path("id").asText());
          assertThat(whole.path("name").asText()).isNotEmpty();
          assertThat(whole.path("kind").asText()).isIn("api", "server", "browser");
          assertThat(whole.path("state").asText()).isIn("active", "disabled", "expired", "revoked");
        }
        cursor = page.path("next").isTextual() ? page.path("next").asText() : null;
      } while (cursor != null);
      assertThat(listed).isGreaterThanOrEqualTo(acknowledged.size());
      System.out.printf(
          "crash round %s: %d acknowledged effects on %d tokens checked, %d records listed%n",
          dir.getFileName(), acks.get(), acknowledged.size(), listed);
    } finally {
      again.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** One burst thread: creates tokens, then revokes, disables or regenerates its own ones. */
  private void drive(
      int port,
      String admin,
      int thread,
      Random random,
      AtomicBoolean stop,
      Map<String, Expected> acknowledged,
      AtomicInteger acks) {
    List<Expected> mine = new ArrayList<>();
    try {
      for (int n = 0; !stop.get(); n++) {
        int op = mine.isEmpty() ? 0 : random.nextInt(5);
        Expected target = mine.isEmpty() ? null : mine.get(random.nextInt(mine.size()));
        if (target != null) {
          target.uncertain = true; // until the answer arrives
        }
        if (op <= 1 || target == null) {
          HttpResponse<String> r =
              send(
                  port, admin, "POST", "/admin/tokens", "{\"name\":\"t" + thread + "-" + n + "\"}");
          if (r.statusCode() == 201) {
            JsonNode json = Tour.JSON.readTree(r.body());
            Expected e = new Expected(json.path("id").asText(), json.path("token").asText());
            mine.add(e);
            acknowledged.put(e.id, e);
            acks.incrementAndGet();
          }
        } else if (op == 2) {
          if (send(port, admin, "POST", "/admin/tokens/" + target.id + "/revoke", "{}").statusCode()
              == 200) {
            target.revoked = true;
            acks.incrementAndGet();
          }
        } else if (op == 3) {
          if (send(port, admin, "PATCH", "/admin/tokens/" + target.id, "{\"enabled\":false}")
                  .statusCode()
              == 200) {
            target.disabled = true;
            acks.incrementAndGet();
          }
        } else if (!target.revoked) {
          HttpResponse<String> r =
              send(port, admin, "POST", "/admin/tokens/" + target.id + "/regenerate", "{}");
          if (r.statusCode() == 200) {
            target.token = Tour.JSON.readTree(r.body()).path("token").asText();
            acks.incrementAndGet();
          }
        }
        if (target != null) {
          target.uncertain = false;
        }
      }
    } catch (IOException | InterruptedException e) {
      // The server died: an unanswered call acknowledged nothing.
    }
  }

  private HttpResponse<String> send(int port, String admin, String method, String path, String body)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + admin)
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(int port, String admin, String path) throws Exception {
    HttpResponse<String> r = send(port, admin, "GET", path, "");
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return Tour.JSON.readTree(r.body());
  }

  private int status(int port, String path, String token) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  /** The reference server in a child JVM, as {@code java ... DemoMain serve} runs it. */
  private static final class Server {
    final Process process;
    final int port;
    final String bootstrapToken;

    private Server(Process process, int port, String bootstrapToken) {
      this.process = process;
      this.port = port;
      this.bootstrapToken = bootstrapToken;
    }

    static Server start(Path dir, String jdbcUrl) throws Exception {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(DemoMain.class.getName());
      command.addAll(List.of("serve", "--port", "0", "--data", dir.toString()));
      if (jdbcUrl != null) {
        command.addAll(List.of("--jdbc-url", jdbcUrl));
      }
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  // the process died
                }
              });
      reader.setDaemon(true);
      reader.start();
      int port = -1;
      String bootstrap = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (port < 0) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertThat(line).as("the server started (log so far: %s)", lines).isNotNull();
        if (line.startsWith("bootstrap admin token: ")) {
          bootstrap = line.substring("bootstrap admin token: ".length());
        } else if (line.startsWith("listening on http://127.0.0.1:")) {
          port = Integer.parseInt(line.substring("listening on http://127.0.0.1:".length()));
        }
      }
      // The bootstrap line follows the listening line.
      String next = lines.poll(2, TimeUnit.SECONDS);
      if (next != null && next.startsWith("bootstrap admin token: ")) {
        bootstrap = next.substring("bootstrap admin token: ".length());
      }
      return new Server(process, port, bootstrap);
    }
  }
}

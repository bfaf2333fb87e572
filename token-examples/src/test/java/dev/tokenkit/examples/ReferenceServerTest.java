package dev.tokenkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenkit.core.RequestSigner;
import dev.tokenkit.core.TokenFormat;
import dev.tokenkit.store.spi.ForwardingTokenStore;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Drives every endpoint and every error status of a running server over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120) // a hung request must fail the build, not stall it
class ReferenceServerTest {

  private static final Set<String> SECRET_FIELDS = Set.of("token", "key", "secret", "jwt");

  private final AtomicBoolean storeDown = new AtomicBoolean();
  private final HttpClient client = HttpClient.newHttpClient();
  private ReferenceServer server;
  private String admin;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    server = ReferenceServer.start(settings(dataDir));
    admin = server.bootstrapToken().orElseThrow();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private ReferenceServer.Settings settings(Path dir) {
    ReferenceServer.Settings settings = new ReferenceServer.Settings();
    settings.port = 0;
    settings.dataDir = dir;
    settings.storeDecorator =
        store ->
            new ForwardingTokenStore(store) {
              @Override
              public Optional<TokenRecord> find(TokenId id) {
                failIfDown();
                return super.find(id);
              }

              @Override
              public TokenRecord create(TokenRecord record) {
                failIfDown();
                return super.create(record);
              }
            };
    return settings;
  }

  private void failIfDown() {
    if (storeDown.get()) {
      throw new TokenStoreException("database unreachable (simulated)", null);
    }
  }

  @Test
  void theLogHoldsNoPasswordAndNoSecret() throws IOException {
    String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
    assertThat(logFile).isNotNull();
    String log = Files.readString(Path.of(logFile), StandardCharsets.UTF_8);
    assertThat(log).contains("bootstrap admin"); // the audit line of the bootstrap token
    // Spring Boot's default user would print a generated password; the server has no such user.
    assertThat(log).doesNotContainIgnoringCase("password").doesNotContain(admin);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private record Answer(int status, JsonNode json, HttpResponse<String> response) {
    String error() {
      return json.path("error").asText();
    }
  }

  private Answer call(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return answer(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  private static Answer answer(HttpResponse<String> response) throws IOException {
    JsonNode json =
        response.body().isEmpty()
            ? Tour.JSON.createObjectNode()
            : Tour.JSON.readTree(response.body());
    return new Answer(response.statusCode(), json, response);
  }

  private Answer asAdmin(String method, String path, String body)
      throws IOException, InterruptedException {
    return call(method, path, body, "Authorization", "Bearer " + admin);
  }

  private JsonNode create(String json) throws IOException, InterruptedException {
    Answer created = asAdmin("POST", "/admin/tokens", json);
    assertThat(created.status).as(created.json.toString()).isEqualTo(201);
    return created.json;
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static Set<String> fields(JsonNode json) {
    Set<String> names = new HashSet<>();
    json.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // ---- admin API ----------------------------------------------------------------------------

  @Test
  void createShowsSecretsOnceAndNowhereElse() throws Exception {
    JsonNode api = create("{\"name\":\"once\",\"description\":\"shown once\"}");
    assertThat(api.path("token").asText()).startsWith("tk_");
    assertThat(api.path("kind").asText()).isEqualTo("api");
    assertThat(api.path("state").asText()).isEqualTo("active");
    String id = api.path("id").asText();

    Answer got = asAdmin("GET", "/admin/tokens/" + id, null);
    assertThat(got.status).isEqualTo(200);
    assertThat(fields(got.json)).doesNotContainAnyElementsOf(SECRET_FIELDS);
    assertThat(got.response.body()).doesNotContain(api.path("token").asText().substring(16));

    Answer patched = asAdmin("PATCH", "/admin/tokens/" + id, "{\"description\":\"edited\"}");
    assertThat(patched.status).isEqualTo(200);
    assertThat(patched.json.path("description").asText()).isEqualTo("edited");
    assertThat(fields(patched.json)).doesNotContainAnyElementsOf(SECRET_FIELDS);

    Answer listed = asAdmin("GET", "/admin/tokens?limit=100", null);
    assertThat(listed.status).isEqualTo(200);
    for (JsonNode item : listed.json.path("items")) {
      assertThat(fields(item)).doesNotContainAnyElementsOf(SECRET_FIELDS);
    }
    // Shown once means once: an API token cannot be revealed, even by the bootstrap admin.
    Answer reveal = asAdmin("POST", "/admin/tokens/" + id + "/reveal", null);
    assertThat(reveal.status).isEqualTo(409);
    assertThat(reveal.json.path("message").asText()).contains("shown once");
    assertThat(fields(reveal.json)).doesNotContainAnyElementsOf(SECRET_FIELDS);
    Answer revoked = asAdmin("POST", "/admin/tokens/" + id + "/revoke", null);
    assertThat(revoked.status).isEqualTo(200);
    assertThat(revoked.json.path("state").asText()).isEqualTo("revoked");
    assertThat(fields(revoked.json)).doesNotContainAnyElementsOf(SECRET_FIELDS);
  }

  @Test
  void everyKindCarriesItsOneTimeFields() throws Exception {
    JsonNode server =
        create(
            "{\"kind\":\"server\",\"name\":\"kinds server\",\"restrictedUser\":\"viewer\","
                + "\"issueJwt\":true,\"duration\":\"90d\"}");
    assertThat(fields(server)).contains("key", "secret", "token", "jwt");
    assertThat(server.path("key").asText()).isEqualTo(server.path("id").asText());
    JsonNode browser =
        create(
            "{\"kind\":\"browser\",\"name\":\"kinds widget\",\"origins\":[\"*.example.org\"],"
                + "\"duration\":\"unlimited\"}");
    assertThat(browser.path("token").asText()).startsWith("tkb_");
    assertThat(fields(browser)).doesNotContain("secret", "jwt");
    assertThat(browser.path("expiresAt").isNull()).isTrue();

    Answer regenerated =
        asAdmin(
            "POST",
            "/admin/tokens/" + server.path("id").asText() + "/regenerate",
            "{\"graceSeconds\":0}");
    assertThat(regenerated.status).isEqualTo(200);
    assertThat(regenerated.json.path("secret").asText())
        .isNotEqualTo(server.path("secret").asText());
    Answer revealed =
        asAdmin("POST", "/admin/tokens/" + server.path("id").asText() + "/reveal", null);
    assertThat(revealed.status).isEqualTo(200);
    assertThat(revealed.json.path("secret").asText())
        .isEqualTo(regenerated.json.path("secret").asText());
  }

  @Test
  void listPagesWithCursorAndFilters() throws Exception {
    for (int i = 0; i < 3; i++) {
      create("{\"name\":\"paged " + i + "\",\"owner\":\"editor\"}");
    }
    List<String> names = new ArrayList<>();
    String cursor = null;
    do {
      Answer page =
          asAdmin(
              "GET",
              "/admin/tokens?owner=editor&kind=api&state=active&limit=2"
                  + (cursor == null ? "" : "&cursor=" + cursor),
              null);
      assertThat(page.status).isEqualTo(200);
      assertThat(page.json.path("items").size()).isLessThanOrEqualTo(2);
      page.json.path("items").forEach(item -> names.add(item.path("name").asText()));
      cursor = page.json.path("next").isNull() ? null : page.json.path("next").asText();
    } while (cursor != null);
    assertThat(names).contains("paged 0", "paged 1", "paged 2").doesNotHaveDuplicates();

    assertThat(asAdmin("GET", "/admin/tokens?limit=0", null).json.path("field").asText())
        .isEqualTo("limit");
    assertThat(asAdmin("GET", "/admin/tokens?limit=abc", null).status).isEqualTo(400);
    assertThat(asAdmin("GET", "/admin/tokens?kind=robot", null).json.path("field").asText())
        .isEqualTo("kind");
    assertThat(asAdmin("GET", "/admin/tokens?state=sleeping", null).status).isEqualTo(400);
    assertThat(asAdmin("GET", "/admin/tokens?cursor=%00garbage", null).status).isEqualTo(400);
  }

  @Test
  void deleteAnswers204ThenTheTokenIsGone() throws Exception {
    JsonNode token = create("{\"name\":\"to delete\"}");
    String id = token.path("id").asText();
    assertThat(asAdmin("DELETE", "/admin/tokens/" + id, null).status).isEqualTo(204);
    assertThat(asAdmin("DELETE", "/admin/tokens/" + id, null).status).isEqualTo(404);
    assertThat(asAdmin("GET", "/admin/tokens/" + id, null).status).isEqualTo(404);
    assertThat(call("GET", "/content/docs", null, bearer(token.path("token").asText())).error())
        .isEqualTo("invalid_token");
  }

  @Test
  void badInputIsA400NamingTheField() throws Exception {
    String tooLong = "n".repeat(300);
    Object[][] cases = {
      {"{\"name\":5}", "name"},
      {"{\"name\":\"x\",\"color\":\"red\"}", "color"},
      {"{}", "name"},
      {"{\"name\":\"" + tooLong + "\"}", "name"},
      {"{\"name\":\"x\",\"kind\":\"robot\"}", "kind"},
      {"{\"name\":\"x\",\"access\":\"root\"}", "access"},
      {"{\"name\":\"x\",\"access\":\"custom\",\"scopes\":[\"content\"]}", "scopes"},
      {"{\"name\":\"x\",\"access\":\"custom\",\"scopes\":[\"nope:read\"]}", "scopes"},
      {"{\"name\":\"x\",\"scopes\":[1]}", "scopes"},
      {"{\"name\":\"x\",\"roots\":[\"/nowhere\"]}", "roots"},
      {"{\"name\":\"x\",\"owner\":\"deactivated\"}", "owner"},
      {"{\"name\":\"x\",\"owner\":\"nobody\"}", "owner"},
      {"{\"name\":\"x\",\"duration\":\"forever\"}", "duration"},
      {"{\"name\":\"x\",\"expiresAt\":\"tomorrow\"}", "expiresAt"},
      {"{\"name\":\"x\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}", "expiresAt"},
      {"{\"name\":\"x\",\"kind\":\"browser\"}", "origins"},
      {"{\"name\":\"x\",\"kind\":\"browser\",\"origins\":[\"http://\"]}", "origins"},
      {"{\"name\":\"x\",\"cidrs\":[\"10.0.0.1/99\"]}", "cidrs"},
      {"{\"name\":\"x\",\"restrictedUser\":\"editor\"}", "restrictedUser"},
      {"{\"name\":\"x\",\"issueJwt\":\"yes\"}", "issueJwt"},
      {"{\"name\":\"x\",\"issueJwt\":true}", "issueJwt"},
      {"{\"name\":\"bad\\u202Ename\"}", "name"},
    };
    for (Object[] c : cases) {
      Answer answer = asAdmin("POST", "/admin/tokens", (String) c[0]);
      assertThat(answer.status).as((String) c[0]).isEqualTo(400);
      assertThat(answer.json.path("field").asText()).as((String) c[0]).isEqualTo(c[1]);
      assertThat(answer.json.path("message").asText()).as((String) c[0]).isNotBlank();
    }
    for (String malformed : new String[] {"{\"name\":", "[1,2]", "\"x\"", "{\"name\":\"a\"} {}"}) {
      Answer answer = asAdmin("POST", "/admin/tokens", malformed);
      assertThat(answer.status).as(malformed).isEqualTo(400);
      assertThat(answer.error()).isEqualTo("invalid_request");
    }
    JsonNode token = create("{\"name\":\"patch target\"}");
    String id = token.path("id").asText();
    assertThat(asAdmin("PATCH", "/admin/tokens/" + id, "{\"enabled\":\"no\"}").json.path("field"))
        .hasToString("\"enabled\"");
    assertThat(asAdmin("PATCH", "/admin/tokens/" + id, "{\"scopes\":[]}").status).isEqualTo(400);
    assertThat(
            asAdmin("POST", "/admin/tokens/" + id + "/regenerate", "{\"graceSeconds\":-1}")
                .json
                .path("field")
                .asText())
        .isEqualTo("graceSeconds");
    assertThat(
            asAdmin("POST", "/admin/tokens/" + id + "/regenerate", "{\"graceSeconds\":99999999}")
                .status)
        .isEqualTo(400);
  }

  /** Answers to bad input are ours: no class, feature, limit or exception name of a library. */
  private static void assertCleanBadRequest(Answer answer, String what) {
    assertThat(answer.status).as(what).isEqualTo(400);
    assertThat(answer.error()).as(what).isEqualTo("invalid_request");
    String message = answer.json.path("message").asText();
    assertThat(message).as(what).isNotBlank();
    for (String leak :
        List.of(
            "com.",
            "java.",
            "Exception",
            "jackson",
            "Jackson",
            "ObjectNode",
            "JsonNode",
            "Feature",
            "Constraint",
            "`",
            "source:")) {
      assertThat(message).as(what).doesNotContain(leak);
    }
  }

  @Test
  void malformedBodiesFarDatesAndOddTargetsAreClean400s() throws Exception {
    String[] bodies = {
      "{\"name\":",
      "{\"name\":\"a\"} {}",
      "{\"name\":\"a\",\"name\":\"b\"}",
      "[".repeat(10_000),
      "{\"name\":" + "9".repeat(2000) + "}",
      "{\"name\":NaN}",
      "{\"name\":[\"x\"]}",
      "{\"name\":\"x\",\"enabled\":\"yes\"}",
    };
    for (String body : bodies) {
      String what = body.length() > 40 ? body.substring(0, 40) + "..." : body;
      assertCleanBadRequest(asAdmin("POST", "/admin/tokens", body), what);
    }
    HttpResponse<String> latin1 =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/admin/tokens"))
                .header("Authorization", "Bearer " + admin)
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {'{', '"', (byte) 0xC3, '(', '"', ':', '1', '}'}))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertCleanBadRequest(answer(latin1), "non-UTF-8 body");
    assertThat(
            asAdmin("POST", "/admin/tokens", "{\"name\":\"a\",\"name\":\"b\"}")
                .json
                .path("message")
                .asText())
        .contains("\"name\"");

    // Expiry instants beyond year 9999, however they are written, and far in the past.
    String id = create("{\"name\":\"dated\"}").path("id").asText();
    for (String at :
        List.of(
            "+1000000000-12-31T23:59:59Z", "+300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
      Answer created =
          asAdmin("POST", "/admin/tokens", "{\"name\":\"far\",\"expiresAt\":\"" + at + "\"}");
      assertCleanBadRequest(created, at);
      assertThat(created.json.path("field").asText()).isEqualTo("expiresAt");
      Answer patched = asAdmin("PATCH", "/admin/tokens/" + id, "{\"expiresAt\":\"" + at + "\"}");
      assertCleanBadRequest(patched, at);
      assertThat(patched.json.path("field").asText()).isEqualTo("expiresAt");
    }
    assertCleanBadRequest(
        asAdmin(
            "POST",
            "/admin/tokens/" + id + "/regenerate",
            "{\"graceSeconds\":" + "9".repeat(2000) + "}"),
        "2000-digit grace");
    assertCleanBadRequest(
        asAdmin(
            "POST",
            "/admin/tokens/" + id + "/regenerate",
            "{\"graceSeconds\":9223372036854775807}"),
        "huge grace");

    // Raw non-ASCII in the path or query reaches the application, which answers in JSON.
    for (String target : List.of("/content/d\u00f6cs", "/content/docs?q=\u00e4")) {
      String raw = rawGet(target);
      assertThat(raw)
          .as(target)
          .startsWith("HTTP/1.1 400")
          .contains("\"error\":\"invalid_request\"");
      assertThat(raw).as(target).doesNotContain("Exception");
    }
  }

  /** A GET sent byte for byte over a socket, for targets that HTTP clients refuse to send. */
  private String rawGet(String target) throws IOException {
    try (java.net.Socket socket =
        new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port())) {
      socket
          .getOutputStream()
          .write(
              ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.UTF_8));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void nonAsciiNamesWorkAndClashCaseInsensitively() throws Exception {
    JsonNode token = create("{\"name\":\"Zugriff für Ärzte 日本\"}");
    assertThat(token.path("name").asText()).isEqualTo("Zugriff für Ärzte 日本");
    Answer clash = asAdmin("POST", "/admin/tokens", "{\"name\":\"ZUGRIFF FÜR ÄRZTE 日本\"}");
    assertThat(clash.status).isEqualTo(409);
    assertThat(clash.error()).isEqualTo("name_taken");
    assertThat(clash.json.path("field").asText()).isEqualTo("name");
  }

  @Test
  void oversizedBodiesAre413() throws Exception {
    String big = "{\"name\":\"" + "a".repeat(70_000) + "\"}";
    assertThat(asAdmin("POST", "/admin/tokens", big).status).isEqualTo(413);
    // Without a Content-Length (chunked), the cap applies while reading.
    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/admin/tokens"))
            .header("Authorization", "Bearer " + admin)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
            .build();
    assertThat(client.send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(413);
    assertThat(asAdmin("POST", "/admin/tokens", "{\"name\":\"after the big one\"}").status)
        .isEqualTo(201);
  }

  @Test
  void unknownTokensPathsAndMethods() throws Exception {
    assertThat(asAdmin("GET", "/admin/tokens/000000000000", null).status).isEqualTo(404);
    assertThat(asAdmin("GET", "/admin/tokens/not-an-id", null).status).isEqualTo(404);
    assertThat(asAdmin("POST", "/admin/tokens/000000000000/regenerate", null).status)
        .isEqualTo(404);
    assertThat(asAdmin("POST", "/admin/tokens/000000000000/explode", null).status).isEqualTo(404);
    assertThat(asAdmin("GET", "/elsewhere", null).status).isEqualTo(404);
    assertThat(asAdmin("PUT", "/admin/tokens", "{}").status).isEqualTo(405);
    assertThat(asAdmin("GET", "/content/missing", null).status).isEqualTo(404);
    assertThat(asAdmin("DELETE", "/content/docs", null).status).isEqualTo(405);
  }

  // ---- authentication and authorization -----------------------------------------------------

  @Test
  void unauthenticatedAnswersCarryWwwAuthenticate() throws Exception {
    String valid = create("{\"name\":\"for tampering\"}").path("token").asText();
    String wrongChecksum =
        valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A");
    List<String[]> attempts =
        List.of(
            new String[0],
            bearer(""),
            new String[] {"Authorization", "Basic dXNlcjpwYXNz"},
            bearer(wrongChecksum),
            bearer(valid.substring(0, 20)),
            bearer("tk_" + "ü".repeat(40)),
            bearer("x".repeat(10_000)),
            bearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."));
    for (String[] headers : attempts) {
      for (String path : List.of("/content/docs", "/admin/tokens")) {
        Answer answer = call("GET", path, null, headers);
        assertThat(answer.status).as(path + " " + String.join(" ", headers)).isEqualTo(401);
        assertThat(answer.response.headers().firstValue("WWW-Authenticate"))
            .get()
            .asString()
            .startsWith("Bearer ");
      }
    }
  }

  /**
   * A malformed token, an unknown id, a wrong secret, a JWT or signed request that does not verify:
   * status, every header but Date, and body are the same, so a token id's existence cannot be
   * probed. The precise reason stays in the log.
   */
  @Test
  void everyTokenThatDidNotProveItsSecretGetsTheSameAnswer() throws Exception {
    JsonNode api = create("{\"name\":\"probed\"}");
    String id = api.path("id").asText();
    JsonNode server =
        create(
            "{\"kind\":\"server\",\"name\":\"probed server\",\"restrictedUser\":\"editor\",\"issueJwt\":true}");
    String jwt = server.path("jwt").asText();
    String forgedJwt = jwt.substring(0, jwt.lastIndexOf('.') + 1) + "A".repeat(86);
    List<String[]> attempts =
        List.of(
            bearer("tk_garbage"),
            bearer(
                TokenFormat.defaults()
                    .format(TokenKind.API, TokenId.of("000000000000"), "d".repeat(32))),
            bearer(TokenFormat.defaults().format(TokenKind.API, TokenId.of(id), "c".repeat(32))),
            bearer(forgedJwt),
            bearer("eyJhbGciOiJIUzUxMiIsImtpZCI6IjAwMDAwMDAwMDAwMCJ9.eyJzdWIiOiIxIn0.AAAA"),
            new String[] {
              ContentController.SIGNATURE_HEADER,
              RequestSigner.of(server.path("key").asText(), "f".repeat(64))
                  .sign("=editor", Instant.now())
            },
            new String[] {
              ContentController.SIGNATURE_HEADER,
              RequestSigner.of("000000000000", "f".repeat(64)).sign("=editor", Instant.now())
            });
    Answer first = null;
    for (String[] headers : attempts) {
      Answer answer = call("GET", "/content/docs", null, headers);
      String what = String.join(" ", headers);
      assertThat(answer.status).as(what).isEqualTo(401);
      assertThat(answer.json.toString())
          .as(what)
          .isEqualTo("{\"error\":\"invalid_token\",\"message\":\"invalid token\"}");
      if (first == null) {
        first = answer;
      }
      assertThat(answer.response.body()).as(what).isEqualTo(first.response.body());
      assertThat(withoutDate(answer)).as(what).isEqualTo(withoutDate(first));
    }
  }

  private static Map<String, List<String>> withoutDate(Answer answer) {
    Map<String, List<String>> headers = new TreeMap<>(answer.response.headers().map());
    headers.remove("date");
    return headers;
  }

  @Test
  void patchReRestrictsAndReAssignsWithTheChecksOfCreate() throws Exception {
    JsonNode server =
        create("{\"kind\":\"server\",\"name\":\"patched\",\"restrictedUser\":\"editor\"}");
    String id = server.path("id").asText();
    assertThat(server.path("jwtIssuedAt").isNull()).isTrue();
    Answer moved =
        asAdmin(
            "PATCH", "/admin/tokens/" + id, "{\"restrictedUser\":\"viewer\",\"owner\":\"editor\"}");
    assertThat(moved.status).as(moved.json.toString()).isEqualTo(200);
    assertThat(moved.json.path("restrictedUser").asText()).isEqualTo("viewer");
    assertThat(moved.json.path("owner").asText()).isEqualTo("editor");
    Answer lifted = asAdmin("PATCH", "/admin/tokens/" + id, "{\"restrictedUser\":\"\"}");
    assertThat(lifted.status).isEqualTo(200);
    assertThat(lifted.json.has("restrictedUser")).isFalse();
    Answer inactive =
        asAdmin("PATCH", "/admin/tokens/" + id, "{\"owner\":\"" + Directory.DEACTIVATED + "\"}");
    assertThat(inactive.status).isEqualTo(400);
    assertThat(inactive.json.path("field").asText()).isEqualTo("owner");
    Answer unknown = asAdmin("PATCH", "/admin/tokens/" + id, "{\"restrictedUser\":\"nobody\"}");
    assertThat(unknown.status).isEqualTo(400);
    assertThat(unknown.json.path("field").asText()).isEqualTo("restrictedUser");
    Answer wrongType = asAdmin("PATCH", "/admin/tokens/" + id, "{\"owner\":7}");
    assertThat(wrongType.status).isEqualTo(400);
    Answer jwt = asAdmin("POST", "/admin/tokens/" + id + "/jwt", "{}");
    assertThat(jwt.status).isEqualTo(200);
    Answer marked = asAdmin("GET", "/admin/tokens/" + id, null);
    assertThat(marked.json.path("jwtIssuedAt").asText()).isNotEmpty();
  }

  @Test
  void contentAcceptsApiTokensJwtsAndSignedRequests() throws Exception {
    JsonNode server =
        create(
            "{\"kind\":\"server\",\"name\":\"content server\",\"restrictedUser\":\"editor\","
                + "\"issueJwt\":true}");
    String jwt = server.path("jwt").asText();
    assertThat(call("GET", "/content/docs/guide", null, bearer(jwt)).status).isEqualTo(200);
    assertThat(call("GET", "/content", null, bearer(jwt)).json.path("path").asText())
        .isEqualTo("/");
    RequestSigner signer =
        RequestSigner.of(server.path("key").asText(), server.path("secret").asText());
    Answer put =
        call(
            "PUT",
            "/content/blog",
            "Signed.",
            ContentController.SIGNATURE_HEADER,
            signer.sign("=editor", Instant.now()));
    assertThat(put.status).isEqualTo(204);
    Answer read = call("GET", "/content/blog", null, bearer(server.path("token").asText()));
    assertThat(read.json.path("text").asText()).isEqualTo("Signed.");
    // The signature names another user than the one the token is restricted to.
    Answer other =
        call(
            "GET",
            "/content/blog",
            null,
            ContentController.SIGNATURE_HEADER,
            signer.sign("=viewer", Instant.now()));
    assertThat(other.status).isEqualTo(403);
    assertThat(other.error()).isEqualTo("client_not_allowed");
    Answer forged =
        call(
            "GET",
            "/content/blog",
            null,
            ContentController.SIGNATURE_HEADER,
            RequestSigner.of(server.path("key").asText(), "f".repeat(64))
                .sign("=editor", Instant.now()));
    assertThat(forged.status).isEqualTo(401);
    assertThat(
            call("GET", "/content/blog", null, ContentController.SIGNATURE_HEADER, "tkn_").status)
        .isEqualTo(401);
    // The same header a second time is a replay.
    String once = signer.sign("=editor", Instant.now().plusSeconds(30));
    assertThat(call("GET", "/content/blog", null, ContentController.SIGNATURE_HEADER, once).status)
        .isEqualTo(200);
    Answer replayed = call("GET", "/content/blog", null, ContentController.SIGNATURE_HEADER, once);
    assertThat(replayed.status).isEqualTo(401);
    assertThat(replayed.error()).isEqualTo("replayed");

    // HTTP message signatures (RFC 9421) bind method, URI and body.
    URI blog = URI.create("http://127.0.0.1:" + this.server.port() + "/content/blog");
    byte[] text = "Message-signed.".getBytes(StandardCharsets.UTF_8);
    String[] signedHeaders =
        signer.signRequest("PUT", blog, text, null, Instant.now()).entrySet().stream()
            .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
            .toArray(String[]::new);
    assertThat(call("PUT", "/content/blog", "Message-signed.", signedHeaders).status)
        .isEqualTo(204);
    assertThat(
            call("GET", "/content/blog", null, bearer(server.path("token").asText()))
                .json
                .path("text")
                .asText())
        .isEqualTo("Message-signed.");
    Answer again = call("PUT", "/content/blog", "Message-signed.", signedHeaders);
    assertThat(again.error()).isEqualTo("replayed");
    String[] resigned =
        signer.signRequest("PUT", blog, text, null, Instant.now()).entrySet().stream()
            .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
            .toArray(String[]::new);
    Answer swapped = call("PUT", "/content/blog", "Another body.", resigned);
    assertThat(swapped.status).isEqualTo(401);

    // Regenerating the server token invalidates the JWT signed with its old secret.
    asAdmin("POST", "/admin/tokens/" + server.path("id").asText() + "/regenerate", null);
    Answer stale = call("GET", "/content/docs", null, bearer(jwt));
    assertThat(stale.status).isEqualTo(401);
    assertThat(stale.response.headers().firstValue("WWW-Authenticate")).isPresent();
    // ... and an admin can have a new one issued.
    Answer fresh = asAdmin("POST", "/admin/tokens/" + server.path("id").asText() + "/jwt", null);
    assertThat(fresh.status).as(fresh.json.toString()).isEqualTo(200);
    assertThat(fields(fresh.json)).containsExactlyInAnyOrder("id", "jwt");
    assertThat(call("GET", "/content/docs", null, bearer(fresh.json.path("jwt").asText())).status)
        .isEqualTo(200);
  }

  @Test
  void aTokenOverItsRateLimitGets429OnEveryPath() throws Exception {
    JsonNode server =
        create(
            "{\"kind\":\"server\",\"name\":\"limited\",\"issueJwt\":true,"
                + "\"rateLimits\":[\"3/1h\"]}");
    assertThat(server.path("rateLimits").get(0).asText()).isEqualTo("3/1h");
    String token = server.path("token").asText();
    String jwt = server.path("jwt").asText();
    assertThat(call("GET", "/content/docs", null, bearer(token)).status).isEqualTo(200);
    assertThat(call("GET", "/content/docs", null, bearer(jwt)).status).isEqualTo(200);
    // The management API sits behind the starter's chain; the content endpoints authenticate
    // themselves: both answer the same 429.
    assertThat(call("GET", "/admin/tokens/openapi.json", null, bearer(token)).status)
        .isEqualTo(200);
    for (Answer limited :
        List.of(
            call("GET", "/content/docs", null, bearer(token)),
            call("GET", "/content/docs", null, bearer(jwt)),
            call("GET", "/admin/tokens/openapi.json", null, bearer(token)))) {
      assertThat(limited.status).isEqualTo(429);
      assertThat(limited.error()).isEqualTo("rate_limited");
      assertThat(limited.response.headers().firstValue("Retry-After")).hasValue("1200");
      assertThat(limited.response.headers().firstValue("RateLimit-Policy"))
          .hasValue("\"1h\";q=3;w=3600");
      assertThat(limited.response.headers().firstValue("WWW-Authenticate")).isEmpty();
    }
  }

  @Test
  void forbiddenAnswersNameTheReason() throws Exception {
    String readOnly = create("{\"name\":\"ro\",\"access\":\"read-only\"}").path("token").asText();
    assertThat(call("PUT", "/content/docs", "x", bearer(readOnly)).error()).isEqualTo("read_only");
    String custom =
        create(
                "{\"name\":\"custom\",\"access\":\"custom\",\"scopes\":[\"content:read\"],"
                    + "\"roots\":[\"/blog\"]}")
            .path("token")
            .asText();
    assertThat(call("PUT", "/content/blog", "x", bearer(custom)).error())
        .isEqualTo("outside_scope");
    assertThat(call("GET", "/content/docs", null, bearer(custom)).error())
        .isEqualTo("outside_root");
    String viewer =
        create("{\"name\":\"viewer full\",\"owner\":\"viewer\"}").path("token").asText();
    assertThat(call("PUT", "/content/docs", "x", bearer(viewer)).error())
        .isEqualTo("owner_lacks_permission");
    // Per node: the viewer may read the docs but not the blog, and so may the viewer's token.
    assertThat(call("GET", "/content/docs/guide", null, bearer(viewer)).status).isEqualTo(200);
    Answer blog = call("GET", "/content/blog", null, bearer(viewer));
    assertThat(blog.status).isEqualTo(403);
    assertThat(blog.error()).isEqualTo("owner_lacks_permission");
    String cidr =
        create("{\"name\":\"cidr\",\"cidrs\":[\"203.0.113.0/24\"]}").path("token").asText();
    assertThat(call("GET", "/content/docs", null, bearer(cidr)).error())
        .isEqualTo("client_not_allowed");
    String local =
        create("{\"name\":\"local\",\"cidrs\":[\"127.0.0.0/8\"]}").path("token").asText();
    assertThat(call("GET", "/content/docs", null, bearer(local)).status).isEqualTo(200);
    // An admin token whose scope lacks tokens:create cannot create, whatever its owner may do.
    Answer denied = call("POST", "/admin/tokens", "{\"name\":\"nope\"}", bearer(readOnly));
    assertThat(denied.status).isEqualTo(403);
    assertThat(denied.error()).isEqualTo("admin_permission_missing");
    assertThat(call("GET", "/admin/tokens?limit=1", null, bearer(readOnly)).status).isEqualTo(200);
  }

  @Test
  void aLimitedAdminTokenCannotTakeOverTheBootstrapToken() throws Exception {
    // The security review's reproduction: a token scoped to tokens:read + tokens:regenerate.
    JsonNode limited =
        create(
            "{\"name\":\"limited admin\",\"access\":\"custom\","
                + "\"scopes\":[\"tokens:read\",\"tokens:regenerate\",\"tokens:reveal\","
                + "\"tokens:update\"]}");
    String[] asLimited = bearer(limited.path("token").asText());
    String bootstrapId = admin.substring("tk_".length(), "tk_".length() + TokenId.LENGTH);
    Answer before = asAdmin("GET", "/admin/tokens/" + bootstrapId, null);
    for (String action : List.of("regenerate", "reveal")) {
      Answer refused = call("POST", "/admin/tokens/" + bootstrapId + "/" + action, null, asLimited);
      assertThat(refused.status).as(action).isEqualTo(403);
      assertThat(refused.error()).as(action).isEqualTo("beyond_actor");
      assertThat(fields(refused.json)).doesNotContainAnyElementsOf(SECRET_FIELDS);
    }
    assertThat(asAdmin("GET", "/admin/tokens/" + bootstrapId, null).json).isEqualTo(before.json);
    assertThat(call("GET", "/content/docs", null, bearer(admin)).status).isEqualTo(200);

    // Nor strip another token's limits, nor re-enable it.
    JsonNode bound =
        create("{\"name\":\"bound writer\",\"cidrs\":[\"203.0.113.0/24\"],\"enabled\":false}");
    String boundPath = "/admin/tokens/" + bound.path("id").asText();
    for (String edit : List.of("{\"cidrs\":[]}", "{\"enabled\":true}")) {
      Answer refused = call("PATCH", boundPath, edit, asLimited);
      assertThat(refused.status).as(edit).isEqualTo(403);
      assertThat(refused.error()).as(edit).isEqualTo("beyond_actor");
    }
    // Narrowing and its own token stay possible.
    assertThat(call("PATCH", boundPath, "{\"name\":\"renamed\"}", asLimited).status).isEqualTo(200);
    Answer own =
        call(
            "POST",
            "/admin/tokens/" + limited.path("id").asText() + "/regenerate",
            null,
            asLimited);
    assertThat(own.status).as(own.json.toString()).isEqualTo(200);
    assertThat(own.json.path("token").asText()).startsWith("tk_");
  }

  @Test
  void browserTokensNeedTheirOriginAndOnlyRead() throws Exception {
    String widget =
        create(
                "{\"kind\":\"browser\",\"name\":\"widget\","
                    + "\"origins\":[\"docs.example.com\",\"*.example.net\"]}")
            .path("token")
            .asText();
    Answer allowed =
        call(
            "GET",
            "/widget/docs",
            null,
            "Authorization",
            "Bearer " + widget,
            "Origin",
            "https://docs.example.com");
    assertThat(allowed.status).isEqualTo(200);
    assertThat(allowed.response.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://docs.example.com");
    assertThat(
            call(
                    "GET",
                    "/widget/blog",
                    null,
                    "Authorization",
                    "Bearer " + widget,
                    "Origin",
                    "https://a.b.example.net")
                .status)
        .isEqualTo(200);
    for (String origin : List.of("https://evil.example", "https://example.net", "null")) {
      Answer refused =
          call("GET", "/widget/docs", null, "Authorization", "Bearer " + widget, "Origin", origin);
      assertThat(refused.status).as(origin).isEqualTo(403);
      assertThat(refused.error()).isEqualTo("client_not_allowed");
    }
    assertThat(call("GET", "/widget/docs", null, bearer(widget)).status).isEqualTo(403);
    Answer write =
        call(
            "PUT",
            "/content/docs",
            "x",
            "Authorization",
            "Bearer " + widget,
            "Origin",
            "https://docs.example.com");
    assertThat(write.status).isEqualTo(403);
    // The widget endpoint takes browser tokens only.
    assertThat(call("GET", "/widget/docs", null, bearer(admin)).error()).isEqualTo("wrong_kind");
  }

  @Test
  void storeOutageIs503NeverASuccess() throws Exception {
    String token = create("{\"name\":\"outage\"}").path("token").asText();
    storeDown.set(true);
    try {
      Answer content = call("GET", "/content/docs", null, bearer(token));
      assertThat(content.status).isEqualTo(503);
      assertThat(content.response.headers().firstValue("Retry-After")).isPresent();
      assertThat(asAdmin("POST", "/admin/tokens", "{\"name\":\"during outage\"}").status)
          .isEqualTo(503);
    } finally {
      storeDown.set(false);
    }
    assertThat(call("GET", "/content/docs", null, bearer(token)).status).isEqualTo(200);
  }

  // ---- start-up and secrets -----------------------------------------------------------------

  @Test
  void bootstrapTokenOnlyOnFirstStartAndDataSurvivesRestart(@TempDir Path dir) throws Exception {
    String first;
    String created;
    try (ReferenceServer one = ReferenceServer.start(settings(dir))) {
      first = one.bootstrapToken().orElseThrow();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + one.port() + "/admin/tokens"))
              .header("Authorization", "Bearer " + first)
              .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"survivor\"}"))
              .build();
      created =
          answer(client.send(request, HttpResponse.BodyHandlers.ofString()))
              .json
              .path("token")
              .asText();
    }
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(dir.resolve("keys.properties")))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      assertThat(Files.getPosixFilePermissions(dir.resolve("tokenkit.mv.db")))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      assertThat(Files.getPosixFilePermissions(dir))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE);
    }
    try (ReferenceServer two = ReferenceServer.start(settings(dir))) {
      assertThat(two.bootstrapToken()).isEmpty();
      for (String token : List.of(first, created)) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + two.port() + "/content/docs"))
                .header("Authorization", "Bearer " + token)
                .build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
            .isEqualTo(200);
      }
    }
  }

  @Test
  void theBootstrapTokenIsMintedOnceNotAgainAfterItIsDeletedOrRenamed(@TempDir Path dir)
      throws Exception {
    String first;
    try (ReferenceServer one = ReferenceServer.start(settings(dir))) {
      first = one.bootstrapToken().orElseThrow();
      String id = first.substring("tk_".length(), "tk_".length() + TokenId.LENGTH);
      HttpRequest rename =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + one.port() + "/admin/tokens/" + id))
              .header("Authorization", "Bearer " + first)
              .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"name\":\"renamed\"}"))
              .build();
      assertThat(client.send(rename, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
    try (ReferenceServer two = ReferenceServer.start(settings(dir))) {
      assertThat(two.bootstrapToken()).as("renamed").isEmpty();
      String id = first.substring("tk_".length(), "tk_".length() + TokenId.LENGTH);
      HttpRequest delete =
          HttpRequest.newBuilder(
                  URI.create("http://127.0.0.1:" + two.port() + "/admin/tokens/" + id))
              .header("Authorization", "Bearer " + first)
              .DELETE()
              .build();
      assertThat(client.send(delete, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(204);
    }
    try (ReferenceServer three = ReferenceServer.start(settings(dir))) {
      assertThat(three.bootstrapToken()).as("deleted").isEmpty();
    }
  }

  @Test
  void theWidgetAnswersCorsPreflights() throws Exception {
    HttpResponse<String> preflight =
        call(
                "OPTIONS",
                "/widget/docs",
                null,
                "Origin",
                "https://docs.example.com",
                "Access-Control-Request-Method",
                "GET",
                "Access-Control-Request-Headers",
                "authorization")
            .response;
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .contains("https://docs.example.com");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).contains("GET");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
        .contains("Authorization");
    assertThat(preflight.headers().firstValue("Vary")).get().asString().contains("Origin");
    assertThat(call("POST", "/widget/docs", "", bearer(admin)).status).isEqualTo(405);
  }

  @Test
  void auditLinesNameTheActingTokenAndClientAndRejectionsAreRateLimited() throws Exception {
    Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile"));
    long before = Files.exists(log) ? Files.size(log) : 0;
    String adminId = admin.substring("tk_".length(), "tk_".length() + TokenId.LENGTH);
    JsonNode created = create("{\"name\":\"audited\"}");
    String bad = "tk_" + created.path("id").asText() + "x".repeat(38);
    int burst = 400;
    long start = System.nanoTime();
    java.util.concurrent.ExecutorService senders =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<Answer>> answers = new ArrayList<>();
      for (int i = 0; i < burst; i++) {
        answers.add(senders.submit(() -> call("GET", "/content/docs", null, bearer(bad))));
      }
      for (java.util.concurrent.Future<Answer> answer : answers) {
        assertThat(answer.get().status).isEqualTo(401);
      }
    } finally {
      senders.shutdown();
    }
    long seconds = (System.nanoTime() - start) / 1_000_000_000L + 2;
    Thread.sleep(1100); // the next second: its first rejection reports what was not logged
    call("GET", "/content/docs", null, bearer(bad));
    byte[] all = Files.readAllBytes(log);
    String written =
        new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
    assertThat(written)
        .contains("CREATED")
        .contains("actorTokenId=" + adminId)
        .contains("clientAddress=127.0.0.1");
    long rejectedLines = written.lines().filter(line -> line.contains("REJECTED")).count();
    long budget = (seconds + 1) * AuditLog.REJECTIONS_PER_SECOND;
    assertThat(budget).as("the burst must outrun the budget to test it").isLessThan(burst);
    assertThat(rejectedLines).isBetween(1L, budget);
    assertThat(written).contains("more rejected authentications in the last second, not logged");
  }

  @Test
  void logsCarryTokenIdsNeverSecrets() throws Exception {
    String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
    assertThat(logFile).as("the build sends the server log to a file").isNotNull();
    Path log = Path.of(logFile);
    long before = Files.exists(log) ? Files.size(log) : 0;
    JsonNode token =
        create("{\"name\":\"logged\",\"kind\":\"server\",\"restrictedUser\":\"editor\"}");
    call("GET", "/content/docs", null, bearer(token.path("token").asText()));
    call("PUT", "/content/docs", "x", bearer(token.path("token").asText()));
    asAdmin("POST", "/admin/tokens/" + token.path("id").asText() + "/reveal", null);
    asAdmin("POST", "/admin/tokens/" + token.path("id").asText() + "/regenerate", null);
    call("GET", "/content/docs", null, bearer(token.path("token").asText()));
    byte[] all = Files.readAllBytes(log);
    String written =
        new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
    assertThat(written).contains(token.path("id").asText()).contains("REVEALED");
    assertThat(written)
        .doesNotContain(token.path("secret").asText())
        .doesNotContain(token.path("token").asText())
        .doesNotContain(admin);
  }
}

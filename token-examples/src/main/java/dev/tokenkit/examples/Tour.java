package dev.tokenkit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenkit.core.RequestSigner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The guided tour: drives a running demo server over HTTP through the life of each token kind and
 * every refusal, printing each step as {@code METHOD path -> status (reason)}. {@link #run} answers
 * whether every step got the status it should.
 */
final class Tour {

  /** Reads the server's JSON answers (the tests read them with it too). */
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String adminToken;
  private final PrintStream out;
  private final List<String> failures = new ArrayList<>();

  Tour(int port, String adminToken, PrintStream out) {
    this.base = "http://127.0.0.1:" + port;
    this.adminToken = adminToken;
    this.out = out;
  }

  boolean run() throws InterruptedException {
    try {
      story();
    } catch (IOException | RuntimeException e) {
      // A step answered so wrongly that the story cannot go on (e.g. no token to use next).
      failures.add("tour stopped: " + e);
    }
    out.println();
    if (!failures.isEmpty()) {
      out.println(failures.size() + " step(s) failed:");
      failures.forEach(failure -> out.println("  " + failure));
    }
    return failures.isEmpty();
  }

  private void story() throws IOException, InterruptedException {
    out.println();
    out.println("# API tokens: created once, shown once, scoped");
    call("GET", "/content/docs", null, null, 401);
    JsonNode reader =
        admin("POST", "/admin/tokens", "{\"name\":\"ci reader\",\"access\":\"read-only\"}", 201);
    String readerId = reader.path("id").asText();
    String readerToken = reader.path("token").asText();
    JsonNode shown = admin("GET", "/admin/tokens/" + readerId, null, 200);
    check(!shown.has("token") && !shown.has("secret"), "token JSON after creation has no secret");
    call("GET", "/content/docs/guide", bearer(readerToken), null, 200);
    call("PUT", "/content/docs/guide", bearer(readerToken), "edited", 403);
    admin("POST", "/admin/tokens", "{\"name\":\"CI Reader\"}", 409);
    admin("POST", "/admin/tokens", "{\"name\":\"\"}", 400);
    admin("POST", "/admin/tokens", "{\"name\":\"x\",\"duration\":\"forever\"}", 400);
    admin("POST", "/admin/tokens", "{\"name\":\"x\",\"owner\":\"deactivated\"}", 400);
    JsonNode openApi = admin("GET", "/admin/tokens/openapi.json", null, 200);
    check(
        openApi.path("paths").has("/admin/tokens"),
        "the admin API's OpenAPI document describes /admin/tokens");

    out.println();
    out.println("# Never more than the owner, never outside the granted subtree");
    JsonNode docsEditor =
        admin(
            "POST",
            "/admin/tokens",
            "{\"name\":\"docs editor\",\"owner\":\"editor\",\"roots\":[\"/docs\"]}",
            201);
    String editorToken = docsEditor.path("token").asText();
    call("PUT", "/content/docs/guide", bearer(editorToken), "Updated guide.", 204);
    call("PUT", "/content/blog", bearer(editorToken), "Off-limits.", 403);
    JsonNode viewerFull =
        admin("POST", "/admin/tokens", "{\"name\":\"viewer full\",\"owner\":\"viewer\"}", 201);
    call("PUT", "/content/docs", bearer(viewerFull.path("token").asText()), "nope", 403);

    out.println();
    out.println("# Regenerate with grace, disable, revoke");
    JsonNode regenerated =
        admin("POST", "/admin/tokens/" + readerId + "/regenerate", "{\"graceSeconds\":3600}", 200);
    String newReaderToken = regenerated.path("token").asText();
    call("GET", "/content/docs", bearer(readerToken), null, 200);
    call("GET", "/content/docs", bearer(newReaderToken), null, 200);
    admin("PATCH", "/admin/tokens/" + readerId, "{\"enabled\":false}", 200);
    call("GET", "/content/docs", bearer(newReaderToken), null, 401);
    admin("PATCH", "/admin/tokens/" + readerId, "{\"enabled\":true}", 200);
    call("GET", "/content/docs", bearer(newReaderToken), null, 200);
    admin("POST", "/admin/tokens/" + readerId + "/revoke", null, 200);
    call("GET", "/content/docs", bearer(newReaderToken), null, 401);

    out.println();
    out.println("# Server tokens: a long-term JWT and signed requests");
    JsonNode server =
        admin(
            "POST",
            "/admin/tokens",
            "{\"kind\":\"server\",\"name\":\"billing sync\",\"restrictedUser\":\"editor\","
                + "\"issueJwt\":true}",
            201);
    String serverId = server.path("id").asText();
    call("GET", "/content/docs", bearer(server.path("jwt").asText()), null, 200);
    call("GET", "/content/docs", bearer(server.path("jwt").asText() + "x"), null, 401);
    RequestSigner signer =
        RequestSigner.of(server.path("key").asText(), server.path("secret").asText());
    String[] signed = {ContentController.SIGNATURE_HEADER, signer.sign("=editor", Instant.now())};
    call("PUT", "/content/blog", signed, "Signed update.", 204);
    String[] stale = {
      ContentController.SIGNATURE_HEADER, signer.sign("=editor", Instant.now().minusSeconds(3600))
    };
    call("GET", "/content/blog", stale, null, 401);
    JsonNode revealed = admin("POST", "/admin/tokens/" + serverId + "/reveal", null, 200);
    check(
        revealed.path("secret").asText().equals(server.path("secret").asText()),
        "reveal shows the same secret again");

    out.println();
    out.println("# Browser tokens: bound to origins, public reads only");
    JsonNode widget =
        admin(
            "POST",
            "/admin/tokens",
            "{\"kind\":\"browser\",\"name\":\"docs widget\",\"origins\":[\"docs.example.com\"]}",
            201);
    String browserToken = widget.path("token").asText();
    call(
        "GET", "/widget/docs", browserHeaders(browserToken, "https://docs.example.com"), null, 200);
    call(
        "GET", "/widget/docs", browserHeaders(browserToken, "https://evil.example.net"), null, 403);
    call(
        "GET",
        "/content/docs",
        browserHeaders(browserToken, "https://docs.example.com"),
        null,
        403);

    out.println();
    out.println("# Admin permissions follow the admin token's own scope");
    JsonNode auditor =
        admin("POST", "/admin/tokens", "{\"name\":\"auditor\",\"access\":\"read-only\"}", 201);
    String[] auditorAuth = bearer(auditor.path("token").asText());
    call("GET", "/admin/tokens?limit=2", auditorAuth, null, 200);
    call("POST", "/admin/tokens", auditorAuth, "{\"name\":\"sneaky\"}", 403);
    admin("DELETE", "/admin/tokens/" + docsEditor.path("id").asText(), null, 204);
    admin("GET", "/admin/tokens/" + docsEditor.path("id").asText(), null, 404);
    call("PUT", "/content/docs", bearer(editorToken), "gone", 401);

    out.println();
    out.println("# The admin console: a page for people, on the same API");
    HttpResponse<String> console =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/console"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    out.println("GET /console -> " + console.statusCode() + " (the console's page)");
    check(
        console.statusCode() == 200
            && console.body().contains("<title>API tokens</title>")
            && console
                .headers()
                .firstValue("Content-Security-Policy")
                .orElse("")
                .contains("script-src 'self'"),
        "the console page is served, with a policy against inline script");
    JsonNode session = call("GET", "/console/session", null, null, 200);
    check(
        !session.path("signedIn").asBoolean()
            && session.path("loginPage").asText().equals("/login"),
        "without signing in, the console sends people to /login (users: admin, auditor, ...;"
            + " password: the user name + \"-demo\")");
  }

  private JsonNode admin(String method, String path, @Nullable String body, int expected)
      throws IOException, InterruptedException {
    return call(method, path, bearer(adminToken), body, expected);
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  private static String[] browserHeaders(String token, String origin) {
    return new String[] {"Authorization", "Bearer " + token, "Origin", origin};
  }

  /** Sends one request, prints the step, records a failure if the status differs. */
  private JsonNode call(
      String method, String path, String @Nullable [] headers, @Nullable String body, int expected)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers != null) {
      request.headers(headers);
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json =
        response.body().isEmpty()
            ? Tour.JSON.createObjectNode()
            : Tour.JSON.readTree(response.body());
    String reason = json.has("error") ? json.path("error").asText() : summary(path, json);
    if (json.has("field")) {
      reason += " in " + json.path("field").asText();
    }
    String line = method + " " + path + " -> " + response.statusCode() + " (" + reason + ")";
    if (response.statusCode() != expected) {
      line += "   <-- expected " + expected + ": " + json.path("message").asText();
      failures.add(line);
    }
    out.println(line);
    return json;
  }

  private static String summary(String path, JsonNode json) {
    if (json.has("token")) {
      String shown = path.endsWith("/reveal") ? ", secret shown again" : ", shown once";
      return json.path("kind").asText() + " token " + json.path("id").asText() + shown;
    }
    if (json.has("state")) {
      return json.path("state").asText();
    }
    if (json.has("items")) {
      return json.path("items").size() + " tokens";
    }
    return json.has("path") ? "page " + json.path("path").asText() : "ok";
  }

  private void check(boolean condition, String what) {
    out.println((condition ? "  ok: " : "  FAILED: ") + what);
    if (!condition) {
      failures.add(what);
    }
  }
}

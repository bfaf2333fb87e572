package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.spring.security.TokenkitConfigurer;
import dev.tokenkit.store.spi.TokenAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The management API over real HTTP, on H2, next to a host endpoint of the application's own. */
class ManagementApiTest {

  static final Set<String> ADMIN_PERMISSIONS =
      Set.of(
          "content:read",
          "content:write",
          "tokens:read",
          "tokens:create",
          "tokens:update",
          "tokens:regenerate",
          "tokens:delete",
          "tokens:reveal",
          "tokens:impersonate");

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(HostController.class)
  static class Host {

    @Bean
    OwnerDirectory owners() {
      Map<String, Owner> users =
          Map.of(
              "admin", Owner.of("admin", true, ADMIN_PERMISSIONS),
              "reader", Owner.of("reader", true, Set.of("content:read", "tokens:read")));
      return id -> Optional.ofNullable(users.get(id));
    }

    @Bean
    PermissionCatalog catalog() {
      return PermissionCatalog.builder()
          .read("content", "read")
          .write("content", "write")
          .read("tokens", "read")
          .write("tokens", "create", "update", "regenerate", "delete", "reveal", "impersonate")
          .build();
    }

    /** The application's own API, guarded by tokens as the Spring Security section shows. */
    @Bean
    SecurityFilterChain api(HttpSecurity http, TokenService tokens) throws Exception {
      http.securityMatcher("/api/**")
          .with(TokenkitConfigurer.tokenkit(tokens), c -> {})
          .authorizeHttpRequests(r -> r.anyRequest().authenticated());
      return http.build();
    }
  }

  @RestController
  static class HostController {
    @GetMapping("/api/hello")
    String hello() {
      return "hello";
    }
  }

  static ConfigurableApplicationContext app;
  static String base;
  static String admin;
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    SpringApplication application =
        new SpringApplicationBuilder(Host.class)
            .properties(
                Map.of(
                    "server.port", "0",
                    "spring.datasource.url", "jdbc:h2:mem:management;DB_CLOSE_DELAY=-1",
                    "tokenkit.peppers.1", TokenkitAutoConfigurationTest.PEPPER,
                    "tokenkit.master-keys.1", TokenkitAutoConfigurationTest.MASTER_KEY,
                    "tokenkit.management.enabled", "true",
                    "management.endpoints.web.exposure.include", "health,metrics",
                    "management.endpoint.health.show-components", "always",
                    "management.endpoint.health.show-details", "always",
                    "logging.level.root", "warn"))
            .build();
    app = application.run();
    base =
        "http://127.0.0.1:"
            + app.getBean(Environment.class).getProperty("local.server.port")
            + "/tokenkit/tokens";
    TokenService tokens = app.getBean(TokenService.class);
    Actor bootstrap = Actor.of("admin", EnumSet.allOf(AdminPermission.class), ADMIN_PERMISSIONS);
    admin = tokens.create(bootstrap, CreateTokenRequest.named("admin").build()).token();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static HttpResponse<String> call(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> as(String token, String method, String path, String body)
      throws Exception {
    return call(method, path, body, "Authorization", "Bearer " + token);
  }

  static JsonNode json(HttpResponse<String> response) {
    return ManagementJson.MAPPER.readTree(response.body());
  }

  /** An RFC 9457 problem with this status, error code and (when given) field. */
  static JsonNode problem(HttpResponse<String> response, int status, String error, String field) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("application/problem+json");
    JsonNode problem = json(response);
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("error").asString()).isEqualTo(error);
    assertThat(problem.path("title").asString()).isNotEmpty();
    assertThat(problem.path("detail").asString()).isNotEmpty();
    // Clients written for the plain {"error", "message"} answers read a problem too.
    assertThat(problem.path("message").asString()).isEqualTo(problem.path("detail").asString());
    assertThat(problem.path("instance").asString()).startsWith("/tokenkit/tokens");
    assertThat(problem.has("type")).isFalse(); // about:blank
    if (field != null) {
      assertThat(problem.path("field").asString()).isEqualTo(field);
    }
    assertThat(response.body())
        .doesNotContain("Exception")
        .doesNotContain("dev.tokenkit")
        .doesNotContain("jackson")
        .doesNotContain("\tat ");
    return problem;
  }

  @Test
  void everyOperationEndToEnd() throws Exception {
    HttpResponse<String> created =
        as(admin, "POST", "", "{\"name\":\"ci bot\",\"access\":\"read-only\",\"duration\":\"7d\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode token = json(created);
    String id = token.path("id").asString();
    String secretToken = token.path("token").asString();
    assertThat(token.path("name").asString()).isEqualTo("ci bot");
    assertThat(token.path("access").asString()).isEqualTo("read-only");
    assertThat(token.path("state").asString()).isEqualTo("active");
    assertThat(secretToken).startsWith("tk_");

    // The token created through the API works on the application's own endpoint.
    assertThat(
            as(secretToken, "GET", "http://" + URI.create(base).getAuthority() + "/api/hello", null)
                .body())
        .isEqualTo("hello");

    HttpResponse<String> read = as(admin, "GET", "/" + id, null);
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.body()).doesNotContain(secretToken).doesNotContain("\"token\"");

    HttpResponse<String> list = as(admin, "GET", "?limit=100&kind=api&state=active", null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(id).doesNotContain(secretToken);

    HttpResponse<String> patched =
        as(admin, "PATCH", "/" + id, "{\"description\":\"nightly\",\"enabled\":false}");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(json(patched).path("state").asString()).isEqualTo("disabled");
    as(admin, "PATCH", "/" + id, "{\"enabled\":true}");

    HttpResponse<String> regenerated =
        as(admin, "POST", "/" + id + "/regenerate", "{\"graceSeconds\":60}");
    assertThat(regenerated.statusCode()).as(regenerated.body()).isEqualTo(200);
    String newToken = json(regenerated).path("token").asString();
    assertThat(newToken).isNotEqualTo(secretToken).startsWith("tk_");

    // An API token is shown once: reveal refuses it.
    problem(as(admin, "POST", "/" + id + "/reveal", null), 409, "conflict", null);

    HttpResponse<String> server =
        as(admin, "POST", "", "{\"kind\":\"server\",\"name\":\"sync\",\"issueJwt\":true}");
    assertThat(server.statusCode()).as(server.body()).isEqualTo(201);
    String serverId = json(server).path("id").asString();
    assertThat(json(server).path("jwt").asString()).contains(".");
    HttpResponse<String> revealed = as(admin, "POST", "/" + serverId + "/reveal", null);
    assertThat(revealed.statusCode()).as(revealed.body()).isEqualTo(200);
    assertThat(json(revealed).path("secret").asString())
        .isEqualTo(json(server).path("secret").asString());
    HttpResponse<String> jwt = as(admin, "POST", "/" + serverId + "/jwt", null);
    assertThat(json(jwt).path("jwt").asString()).contains(".");

    HttpResponse<String> revoked = as(admin, "POST", "/" + id + "/revoke", null);
    assertThat(json(revoked).path("state").asString()).isEqualTo("revoked");
    assertThat(
            as(newToken, "GET", "http://" + URI.create(base).getAuthority() + "/api/hello", null)
                .statusCode())
        .isEqualTo(401);

    assertThat(as(admin, "DELETE", "/" + id, null).statusCode()).isEqualTo(204);
    problem(as(admin, "GET", "/" + id, null), 404, "not_found", null);
    problem(as(admin, "DELETE", "/" + id, null), 404, "not_found", null);
  }

  @Test
  void theApiKeyHeaderWorksLikeBearer() throws Exception {
    HttpResponse<String> list = call("GET", "?limit=1", null, "X-API-Key", admin);
    assertThat(list.statusCode()).isEqualTo(200);
    HttpResponse<String> none = call("GET", "", null);
    problem(none, 401, "missing_token", null);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    String wrongToken = admin.substring(0, admin.length() - 1) + "x";
    HttpResponse<String> wrong = call("GET", "", null, "X-API-Key", wrongToken);
    problem(wrong, 401, "invalid_token", null);
    // The same answer, byte for byte, as a wrong token in Authorization: Bearer.
    HttpResponse<String> bearer = call("GET", "", null, "Authorization", "Bearer " + wrongToken);
    assertThat(bearer.body()).isEqualTo(wrong.body());
    assertThat(bearer.headers().firstValue("WWW-Authenticate"))
        .isEqualTo(wrong.headers().firstValue("WWW-Authenticate"));
  }

  @Test
  void eachOperationNeedsItsAdminPermission() throws Exception {
    TokenService tokens = app.getBean(TokenService.class);
    Actor bootstrap = Actor.of("admin", EnumSet.allOf(AdminPermission.class), ADMIN_PERMISSIONS);
    String readOnlyAdmin =
        tokens
            .create(
                bootstrap,
                CreateTokenRequest.named("auditor")
                    .access(TokenAccess.custom("tokens:read"))
                    .build())
            .token();
    assertThat(as(readOnlyAdmin, "GET", "", null).statusCode()).isEqualTo(200);
    problem(
        as(readOnlyAdmin, "POST", "", "{\"name\":\"x\"}"), 403, "admin_permission_missing", null);
    String victim = json(as(admin, "POST", "", "{\"name\":\"victim\"}")).path("id").asString();
    problem(
        as(readOnlyAdmin, "PATCH", "/" + victim, "{\"name\":\"y\"}"),
        403,
        "admin_permission_missing",
        null);
    problem(
        as(readOnlyAdmin, "POST", "/" + victim + "/regenerate", null),
        403,
        "admin_permission_missing",
        null);
    problem(
        as(readOnlyAdmin, "POST", "/" + victim + "/revoke", null),
        403,
        "admin_permission_missing",
        null);
    problem(as(readOnlyAdmin, "DELETE", "/" + victim, null), 403, "admin_permission_missing", null);

    // A weaker admin may not obtain the secret of a token that can do more than itself.
    String weakAdmin =
        tokens
            .create(
                bootstrap,
                CreateTokenRequest.named("weak admin")
                    .access(TokenAccess.custom("tokens:read", "tokens:regenerate"))
                    .build())
            .token();
    IssuedToken strong = tokens.create(bootstrap, CreateTokenRequest.named("strong").build());
    problem(
        as(weakAdmin, "POST", "/" + strong.id().value() + "/regenerate", null),
        403,
        "beyond_actor",
        null);
  }

  @Test
  void badInputIsACleanProblem() throws Exception {
    problem(as(admin, "POST", "", "{\"name\":"), 400, "invalid_request", null);
    problem(as(admin, "POST", "", "[1]"), 400, "invalid_request", null);
    assertThat(
            problem(
                    as(admin, "POST", "", "{\"name\":\"a\",\"name\":\"b\"}"),
                    400,
                    "invalid_request",
                    null)
                .path("detail")
                .asString())
        .isEqualTo("body names the field \"name\" twice");
    problem(
        as(admin, "POST", "", "{\"name\":\"a\",\"colour\":\"red\"}"),
        400,
        "invalid_request",
        "colour");
    problem(as(admin, "POST", "", "{\"name\":42}"), 400, "invalid_request", "name");
    problem(
        as(admin, "POST", "", "{\"name\":\"a\",\"duration\":\"1y\"}"),
        400,
        "invalid_request",
        "duration");
    problem(
        as(admin, "POST", "", "{\"name\":\"a\",\"expiresAt\":\"soon\"}"),
        400,
        "invalid_request",
        "expiresAt");
    problem(
        as(admin, "POST", "", "{\"name\":\"a\",\"kind\":\"laser\"}"),
        400,
        "invalid_request",
        "kind");
    // Over 64 kB: 413, whether the length is declared or the body comes in chunks.
    String big = "{\"name\":\"" + "n".repeat(70_000) + "\"}";
    problem(as(admin, "POST", "", big), 413, "too_large", null);
    HttpResponse<String> chunked =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base))
                    .header("Authorization", "Bearer " + admin)
                    .POST(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () ->
                                new java.io.ByteArrayInputStream(
                                    big.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    problem(chunked, 413, "too_large", null);
    problem(
        as(admin, "POST", "", "{\"name\":\"a\",\"origins\":[\"*\"],\"kind\":\"browser\"}"),
        400,
        "invalid_request",
        "origins");
    problem(as(admin, "POST", "", "{\"name\":\"\"}"), 400, "invalid_request", "name");
    problem(
        as(admin, "POST", "", "{\"name\":1" + "0".repeat(2000) + "}"),
        400,
        "invalid_request",
        null);
    problem(
        as(admin, "POST", "", "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}"),
        400,
        "invalid_request",
        null);
    problem(as(admin, "GET", "?limit=0", null), 400, "invalid_request", "limit");
    problem(as(admin, "GET", "?limit=many", null), 400, "invalid_request", "limit");
    problem(as(admin, "GET", "?state=asleep", null), 400, "invalid_request", "state");
    problem(as(admin, "GET", "?cursor=%E2%98%83", null), 400, "invalid_request", "cursor");
    problem(as(admin, "GET", "/not-an-id", null), 404, "not_found", null);
    problem(as(admin, "POST", "/AAAAAAAAAAAA/explode", null), 404, "not_found", null);
    problem(as(admin, "GET", "/AAAAAAAAAAAA", null), 404, "not_found", null);
    problem(
        as(admin, "POST", "/AAAAAAAAAAAA/regenerate", "{\"graceSeconds\":-1}"),
        400,
        "invalid_request",
        "graceSeconds");
    HttpResponse<String> put = as(admin, "PUT", "/AAAAAAAAAAAA", "{}");
    problem(put, 405, "method_not_allowed", null);
    assertThat(put.headers().firstValue("Allow")).contains("GET, PATCH, DELETE");
    String nonAscii =
        json(as(admin, "POST", "", "{\"name\":\"Привет 👋\"}")).path("name").asString();
    assertThat(nonAscii).isEqualTo("Привет 👋");
    problem(as(admin, "POST", "", "{\"name\":\"Привет 👋\"}"), 409, "name_taken", "name");
  }

  @Test
  void theOpenApiDocumentDescribesExactlyTheLiveEndpoints() throws Exception {
    HttpResponse<String> served = as(admin, "GET", "/openapi.json", null);
    assertThat(served.statusCode()).isEqualTo(200);
    JsonNode document = json(served);
    assertThat(document.path("openapi").asString()).startsWith("3.1");
    assertThat(
            document
                .path("components")
                .path("securitySchemes")
                .path("apiKey")
                .path("name")
                .asString())
        .isEqualTo("X-API-Key");

    // Every documented operation answers (not 404 "no such endpoint", not 405).
    Set<String> documented = new java.util.TreeSet<>();
    String server =
        json(as(admin, "POST", "", "{\"kind\":\"server\",\"name\":\"doc\"}")).path("id").asString();
    for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
      assertThat(path.getKey()).startsWith("/tokenkit/tokens");
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        if (operation.getKey().equals("parameters")) {
          continue;
        }
        String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
        documented.add(method + " " + path.getKey());
        if (method.equals("DELETE")) {
          continue; // answered below, on a token of its own
        }
        String url =
            "http://" + URI.create(base).getAuthority() + path.getKey().replace("{id}", server);
        HttpResponse<String> answer =
            call(
                method,
                url,
                method.equals("GET") ? null : "{}",
                "Authorization",
                "Bearer " + admin);
        assertThat(answer.statusCode())
            .as(method + " " + path.getKey() + " " + answer.body())
            .isNotEqualTo(405);
        assertThat(answer.body())
            .as(method + " " + path.getKey())
            .doesNotContain("no such endpoint");
      }
    }
    String doomed = json(as(admin, "POST", "", "{\"name\":\"doomed\"}")).path("id").asString();
    assertThat(as(admin, "DELETE", "/" + doomed, null).statusCode()).isEqualTo(204);

    // Every live operation of the controller is documented.
    Set<String> live = new java.util.TreeSet<>();
    app.getBean(
            "requestMappingHandlerMapping",
            org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping
                .class)
        .getHandlerMethods()
        .forEach(
            (info, handler) -> {
              if (handler.getBeanType() != TokenManagementController.class) {
                return;
              }
              for (var method : info.getMethodsCondition().getMethods()) {
                for (String pattern : info.getPatternValues()) {
                  if (!pattern.endsWith("/openapi.json")) {
                    live.add(method.name() + " " + pattern);
                  }
                }
              }
            });
    assertThat(live).isEqualTo(documented);
  }

  @Test
  void metricsAndHealthAreVisibleThroughActuator() throws Exception {
    String root = "http://" + URI.create(base).getAuthority();
    as(admin, "GET", "?limit=1", null); // one authentication at least
    call("GET", "", null, "Authorization", "Bearer tk_garbage");
    HttpResponse<String> metric =
        call(
            "GET",
            root + "/actuator/metrics/tokenkit.authentications?tag=result:authenticated",
            null);
    assertThat(metric.statusCode()).as(metric.body()).isEqualTo(200);
    assertThat(json(metric).path("measurements").get(0).path("value").asDouble()).isPositive();
    HttpResponse<String> rejected =
        call("GET", root + "/actuator/metrics/tokenkit.authentications?tag=reason:malformed", null);
    assertThat(json(rejected).path("measurements").get(0).path("value").asDouble()).isPositive();
    HttpResponse<String> timer =
        call("GET", root + "/actuator/metrics/tokenkit.authentication", null);
    assertThat(timer.statusCode()).as(timer.body()).isEqualTo(200);
    HttpResponse<String> pending =
        call("GET", root + "/actuator/metrics/tokenkit.usage.pending", null);
    assertThat(pending.statusCode()).isEqualTo(200);
    HttpResponse<String> tags =
        call("GET", root + "/actuator/metrics/tokenkit.authentications", null);
    assertThat(tags.body()).doesNotContain(admin.substring(3, 15)); // no token id as a tag value
    as(admin, "GET", "?limit=1", null); // the second lookup of this token: a cache hit
    HttpResponse<String> hits =
        call("GET", root + "/actuator/metrics/tokenkit.cache.gets?tag=result:hit", null);
    assertThat(hits.statusCode()).as(hits.body()).isEqualTo(200);
    assertThat(json(hits).path("measurements").get(0).path("value").asDouble()).isPositive();
    assertThat(call("GET", root + "/actuator/metrics/tokenkit.cache.size", null).statusCode())
        .isEqualTo(200);
    assertThat(call("GET", root + "/actuator/metrics/tokenkit.cache.evictions", null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> health = call("GET", root + "/actuator/health/tokenkit", null);
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    assertThat(json(health).path("status").asString()).isEqualTo("UP");
  }
}

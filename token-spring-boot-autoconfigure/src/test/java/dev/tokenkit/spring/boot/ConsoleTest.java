package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.OwnerDirectory;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.core.TokenService;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.JsonNode;

/**
 * The admin console in a host with its own form login: the page and its headers, the session
 * endpoint, and the management API taken with the signed-in session (CSRF required) beside tokens.
 */
class ConsoleTest {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class Host {

    @Bean
    OwnerDirectory owners() {
      Map<String, Owner> users =
          Map.of(
              "alice", Owner.of("alice", true, Set.of("*:*")),
              "rita", Owner.of("rita", true, Set.of("content:read", "tokens:read")),
              "dave", Owner.inactive("dave"));
      return id -> Optional.ofNullable(users.get(id));
    }

    @Bean
    PermissionCatalog catalog() {
      return new ManagementApiTest.Host().catalog();
    }

    @Bean
    UserDetailsService users() {
      return new InMemoryUserDetailsManager(
          User.withUsername("alice").password("{noop}alice-pw").build(),
          User.withUsername("rita").password("{noop}rita-pw").build(),
          User.withUsername("dave").password("{noop}dave-pw").build());
    }

    /** The host's own login: a form, a session, CSRF; nothing of tokenkit's. */
    @Bean
    SecurityFilterChain site(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(r -> r.anyRequest().authenticated())
          .formLogin(Customizer.withDefaults())
          .build();
    }
  }

  static ConfigurableApplicationContext app;
  static String origin;

  @BeforeAll
  static void start() {
    app =
        new SpringApplicationBuilder(Host.class)
            .properties(
                Map.of(
                    "server.port", "0",
                    "tokenkit.peppers.1", TokenkitAutoConfigurationTest.PEPPER,
                    "tokenkit.management.enabled", "true",
                    "tokenkit.console.enabled", "true",
                    "logging.level.root", "warn"))
            .run();
    origin = "http://127.0.0.1:" + app.getBean(Environment.class).getProperty("local.server.port");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void thePageComesWithAPolicyAgainstInlineScriptAndFraming() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> page = get(client, "/tokenkit/console");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .contains(TokenkitConsoleAutoConfiguration.CONTENT_SECURITY_POLICY);
    assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(page.body())
        .contains("<script type=\"module\" src=\"/tokenkit/console/console.js\"></script>")
        .contains("href=\"/tokenkit/console/console.css\"")
        .doesNotContain("{{path}}")
        .doesNotContain("style=")
        .doesNotContain("onclick");
    HttpResponse<String> script = get(client, "/tokenkit/console/console.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/javascript");
    assertThat(script.body()).doesNotContain("innerHTML").doesNotContain("localStorage");
    assertThat(get(client, "/tokenkit/console/console.css").statusCode()).isEqualTo(200);
    HttpResponse<String> unknown = get(client, "/tokenkit/console/nothing-here");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("\"error\":\"not_found\"");
  }

  @Test
  void aVisitorWhoIsNotSignedInIsSentToTheLoginPage() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    JsonNode session = ManagementApiTest.json(get(client, "/tokenkit/console/session"));
    assertThat(session.path("signedIn").asBoolean()).isFalse();
    assertThat(session.path("loginPage").asString()).isEqualTo("/login");
    assertThat(session.has("csrf")).isFalse();
    // The API without a session or token: the same 401 as ever.
    HttpResponse<String> list = get(client, "/tokenkit/tokens");
    ManagementApiTest.problem(list, 401, "missing_token", null);
    assertThat(list.headers().firstValue("WWW-Authenticate")).contains("Bearer");
  }

  @Test
  void aSignedInAdminManagesTokensWithTheSessionAndItsCsrfToken() throws Exception {
    HttpClient alice = signIn("alice", "alice-pw");
    JsonNode session = ManagementApiTest.json(get(alice, "/tokenkit/console/session"));
    assertThat(session.path("signedIn").asBoolean()).isTrue();
    assertThat(session.path("user").asString()).isEqualTo("alice");
    assertThat(session.path("api").asString()).isEqualTo("/tokenkit/tokens");
    assertThat(strings(session.path("admin")))
        .contains("tokens.read", "tokens.create", "tokens.delete", "tokens.impersonate");
    assertThat(session.path("permissions").toString())
        .contains(
            "{\"name\":\"content:read\",\"resource\":\"content\",\"action\":\"read\""
                + ",\"read\":true}")
        .contains(
            "\"name\":\"content:write\",\"resource\":\"content\",\"action\":\"write\""
                + ",\"read\":false}");
    assertThat(strings(session.path("durations"))).containsExactly("7d", "30d", "90d", "unlimited");
    String header = session.path("csrf").path("header").asString();
    String csrf = session.path("csrf").path("token").asString();
    assertThat(header).isEqualTo("X-CSRF-TOKEN");
    assertThat(csrf).isNotEmpty();

    String body = "{\"name\":\"from the console\",\"access\":\"read-only\"}";
    // Without the CSRF token a cross-site form could do this with the cookie alone: refused.
    HttpResponse<String> forged = send(alice, "POST", "/tokenkit/tokens", body, Map.of());
    ManagementApiTest.problem(forged, 403, "invalid_csrf_token", null);
    HttpResponse<String> wrong =
        send(alice, "POST", "/tokenkit/tokens", body, Map.of(header, "not-the-token"));
    ManagementApiTest.problem(wrong, 403, "invalid_csrf_token", null);

    HttpResponse<String> created =
        send(alice, "POST", "/tokenkit/tokens", body, Map.of(header, csrf));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode token = ManagementApiTest.json(created);
    assertThat(token.path("owner").asString()).isEqualTo("alice");
    assertThat(token.path("token").asString()).isNotEmpty();
    HttpResponse<String> list = get(alice, "/tokenkit/tokens");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("from the console");
    HttpResponse<String> deleted =
        send(
            alice,
            "DELETE",
            "/tokenkit/tokens/" + token.path("id").asString(),
            "",
            Map.of(header, csrf));
    assertThat(deleted.statusCode()).isEqualTo(204);
  }

  @Test
  void tokensNeedNoCsrfTokenAndAreNotTakenForTheSession() throws Exception {
    Actor admin =
        Actor.of(
            "alice", EnumSet.allOf(AdminPermission.class), ManagementApiTest.ADMIN_PERMISSIONS);
    String token =
        app.getBean(TokenService.class)
            .create(admin, CreateTokenRequest.named("script").build())
            .token();
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> created =
        send(
            client,
            "POST",
            "/tokenkit/tokens",
            "{\"name\":\"by a script\"}",
            Map.of("Authorization", "Bearer " + token));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    // A signed-in browser that also sends a bad token is refused for the token, not let in.
    HttpClient alice = signIn("alice", "alice-pw");
    HttpResponse<String> bad =
        send(alice, "GET", "/tokenkit/tokens", "", Map.of("Authorization", "Bearer tk_nonsense"));
    ManagementApiTest.problem(bad, 401, "invalid_token", null);
  }

  @Test
  void aReadOnlyAdminMayListButAForgedCreateIsRefused() throws Exception {
    HttpClient rita = signIn("rita", "rita-pw");
    JsonNode session = ManagementApiTest.json(get(rita, "/tokenkit/console/session"));
    assertThat(strings(session.path("admin"))).containsExactly("tokens.read");
    assertThat(get(rita, "/tokenkit/tokens").statusCode()).isEqualTo(200);
    HttpResponse<String> create =
        send(
            rita,
            "POST",
            "/tokenkit/tokens",
            "{\"name\":\"not allowed\"}",
            Map.of("X-CSRF-TOKEN", session.path("csrf").path("token").asString()));
    ManagementApiTest.problem(create, 403, "admin_permission_missing", null);
  }

  @Test
  void aDeactivatedUserSignedInMayManageNothing() throws Exception {
    HttpClient dave = signIn("dave", "dave-pw");
    JsonNode session = ManagementApiTest.json(get(dave, "/tokenkit/console/session"));
    assertThat(session.path("signedIn").asBoolean()).isTrue();
    assertThat(session.path("admin").size()).isZero();
    ManagementApiTest.problem(get(dave, "/tokenkit/tokens"), 403, "no_user", null);
  }

  @Test
  void theOwnersMappingExpandsWildcardsAndIgnoresAnonymousCallers() {
    OwnerDirectory owners = new Host().owners();
    PermissionCatalog catalog = new Host().catalog();
    ManagementActorMapping mapping = ManagementActorMapping.fromOwners(owners, catalog);
    Actor alice =
        mapping
            .actorFor(UsernamePasswordAuthenticationToken.authenticated("alice", null, Set.of()))
            .orElseThrow();
    assertThat(alice.permissions())
        .containsExactlyInAnyOrder(
            "content:read",
            "content:write",
            "tokens:read",
            "tokens:create",
            "tokens:update",
            "tokens:regenerate",
            "tokens:delete",
            "tokens:reveal",
            "tokens:impersonate");
    assertThat(alice.has(AdminPermission.IMPERSONATE)).isTrue();
    assertThat(alice.has(AdminPermission.ALL_TENANTS)).isFalse(); // not in the catalog
    assertThat(
            mapping.actorFor(
                new AnonymousAuthenticationToken(
                    "key", "alice", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"))))
        .isEmpty();
    assertThat(
            mapping.actorFor(UsernamePasswordAuthenticationToken.unauthenticated("alice", "guess")))
        .isEmpty();
    assertThat(
            mapping.actorFor(
                UsernamePasswordAuthenticationToken.authenticated("nobody", null, Set.of())))
        .isEmpty();
    assertThat(
            mapping.actorFor(
                UsernamePasswordAuthenticationToken.authenticated("dave", null, Set.of())))
        .isEmpty();
  }

  @Test
  void theOwnersMappingNeedsItsDirectoryAndCatalog() {
    assertThatThrownBy(() -> ManagementActorMapping.standard(null, new Host().catalog()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("owners and catalog are required");
    assertThatThrownBy(() -> ManagementActorMapping.fromOwners(new Host().owners(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theConsoleNeedsTheManagementApi() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(Host.class)
                    .properties(
                        Map.of(
                            "server.port", "0",
                            "tokenkit.peppers.1", TokenkitAutoConfigurationTest.PEPPER,
                            "tokenkit.console.enabled", "true",
                            "logging.level.root", "off"))
                    .run()
                    .close())
        .hasStackTraceContaining("tokenkit.console.enabled")
        .hasStackTraceContaining("set tokenkit.management.enabled=true too");
  }

  @Test
  void aBadConsolePathIsRefusedAtStartUp() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(Host.class)
                    .properties(
                        Map.of(
                            "server.port", "0",
                            "tokenkit.peppers.1", TokenkitAutoConfigurationTest.PEPPER,
                            "tokenkit.management.enabled", "true",
                            "tokenkit.console.enabled", "true",
                            "tokenkit.console.path", "/console/<script>",
                            "logging.level.root", "off"))
                    .run()
                    .close())
        .hasStackTraceContaining("tokenkit.console.path");
  }

  // ---- a browser, as far as the HTTP client can be one --------------------------------------

  /** A client with a cookie jar, signed in through the host's login form. */
  static HttpClient signIn(String user, String password) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    HttpResponse<String> form = get(client, "/login");
    Matcher csrf = CSRF.matcher(form.body());
    assertThat(csrf.find()).as(form.body()).isTrue();
    String body =
        "username="
            + user
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8)
            + "&_csrf="
            + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
    HttpResponse<String> login =
        client.send(
            HttpRequest.newBuilder(URI.create(origin + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(302);
    assertThat(login.headers().firstValue("Location")).get().asString().doesNotContain("error");
    return client;
  }

  static java.util.List<String> strings(JsonNode array) {
    java.util.List<String> out = new java.util.ArrayList<>();
    array.forEach(item -> out.add(item.asString()));
    return out;
  }

  static HttpResponse<String> get(HttpClient client, String path) throws Exception {
    return send(client, "GET", path, "", Map.of());
  }

  static HttpResponse<String> send(
      HttpClient client, String method, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(origin + path))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (!body.isEmpty()) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}

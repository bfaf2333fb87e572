package dev.tokenkit.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.Lifetime;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.RequestSigner;
import dev.tokenkit.core.TokenFormat;
import dev.tokenkit.core.TokenUpdate;
import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A Spring Boot application on a random port, called over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120) // a hung request must fail the build, not stall it
class SpringIntegrationTest {

  private final Fixture f = new Fixture();
  private final HttpClient client = HttpClient.newHttpClient();
  private ConfigurableApplicationContext application;
  private String base;

  @BeforeAll
  void start() {
    ContentApplication.fixture = f;
    application =
        new SpringApplicationBuilder(ContentApplication.class)
            .properties(
                "server.port=0",
                "server.address=127.0.0.1",
                "spring.main.banner-mode=off",
                "logging.level.root=WARN")
            .run();
    base = "http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  void stop() {
    application.close();
  }

  private HttpResponse<String> call(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "text/plain");
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    // Stateless: never a session, never a cookie.
    assertThat(response.headers().allValues("Set-Cookie")).as(method + " " + path).isEmpty();
    assertThat(ContentApplication.SESSIONS_CREATED).as(method + " " + path).hasValue(0);
    return response;
  }

  private static String[] fromOrigin(IssuedToken browserToken, String origin) {
    return new String[] {"Authorization", "Bearer " + browserToken.token(), "Origin", origin};
  }

  private static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  /** Every header but {@code Date}, which tells only the time. */
  private static java.util.Map<String, java.util.List<String>> withoutDate(HttpResponse<?> r) {
    java.util.Map<String, java.util.List<String>> headers =
        new java.util.TreeMap<>(r.headers().map());
    headers.remove("date");
    return headers;
  }

  private static void assertError(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains("\"error\":\"" + error + "\"");
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("application/json");
  }

  @Test
  void eachTokenKindIsAccepted() throws Exception {
    IssuedToken api = f.create(CreateTokenRequest.named("api").access(TokenAccess.readOnly()));
    assertThat(call("GET", "/api/content/docs", null, bearer(api.token())).body())
        .isEqualTo("page /docs");
    assertThat(call("GET", "/api/content/docs", null, "X-API-Key", api.token()).body())
        .isEqualTo("page /docs");
    HttpResponse<String> me = call("GET", "/api/me", null, bearer(api.token()));
    assertThat(me.body()).contains("\"kind\":\"API\"").contains("content:read");

    IssuedToken server =
        f.create(
            CreateTokenRequest.named("server")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("editor"))
                .issueJwt(true));
    // Being a server token is not enough for the admin endpoints: the scope must grant it.
    assertError(
        call("GET", "/api/admin/ping", null, bearer(server.token())),
        403,
        "owner_lacks_permission");
    IssuedToken admin =
        f.create(
            CreateTokenRequest.named("admin job")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.custom("admin:manage").withRestrictedUser("admin")));
    assertThat(call("GET", "/api/admin/ping", null, bearer(admin.token())).body())
        .isEqualTo("pong");
    IssuedToken unscoped =
        f.create(
            CreateTokenRequest.named("content job")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.custom("content:*").withRestrictedUser("admin")));
    assertError(
        call("GET", "/api/admin/ping", null, bearer(unscoped.token())), 403, "outside_scope");
    assertThat(
            call("GET", "/api/content/blog", null, bearer(server.jwt().orElseThrow())).statusCode())
        .isEqualTo(200);
    String signature =
        RequestSigner.of(server.key(), server.secret()).sign("=editor", f.clock.instant());
    HttpResponse<String> signedPut =
        call("PUT", "/api/content/blog", "signed text", "X-Token-Signature", signature);
    assertThat(signedPut.statusCode()).isEqualTo(204);
    assertThat(call("GET", "/api/content/blog", null, bearer(api.token())).body())
        .isEqualTo("signed text");
    // A read-only API token holds no admin:manage.
    assertError(call("GET", "/api/admin/ping", null, bearer(api.token())), 403, "read_only");

    IssuedToken widget =
        f.create(
            CreateTokenRequest.named("widget")
                .kind(TokenKind.BROWSER)
                .access(TokenAccess.fullAccess().withAllowedOrigins(List.of("docs.example.com"))));
    HttpResponse<String> fromDocs =
        call("GET", "/api/widget/docs", null, fromOrigin(widget, "https://docs.example.com"));
    assertThat(fromDocs.statusCode()).isEqualTo(200);
    assertError(
        call("GET", "/api/widget/docs", null, fromOrigin(widget, "https://evil.example")),
        403,
        "client_not_allowed");
    // A browser token has only public reads.
    assertError(
        call("GET", "/api/content/docs", null, fromOrigin(widget, "https://docs.example.com")),
        403,
        "outside_scope");
    // ... and, being a public key anyone can copy from a page, it does not count as
    // .authenticated(): only rules that name a permission it holds let it through.
    HttpResponse<String> meAsWidget =
        call("GET", "/api/me", null, fromOrigin(widget, "https://docs.example.com"));
    assertThat(meAsWidget.statusCode()).isEqualTo(403);
  }

  @Test
  void each401CarriesItsReasonAndChallenge() throws Exception {
    HttpResponse<String> none = call("GET", "/api/content/docs", null);
    assertError(none, 401, "missing_token");
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");

    IssuedToken api = f.create(CreateTokenRequest.named("401s"));
    String token = api.token();
    String wrongSecret = TokenFormat.defaults().format(TokenKind.API, api.id(), "c".repeat(32));
    // Malformed, unknown id, wrong secret, a JWT that does not verify: one answer, byte for byte.
    String[] invalid = {
      "",
      "tk_garbage",
      token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"),
      wrongSecret,
      TokenFormat.defaults().format(TokenKind.API, TokenId.of("000000000000"), "d".repeat(32)),
      "x".repeat(5000),
      "eyJhbGciOiJIUzUxMiIsImtpZCI6IjAwMDAwMDAwMDAwMCJ9.eyJzdWIiOiIxIn0.AAAA",
    };
    HttpResponse<String> first = null;
    for (String presented : invalid) {
      HttpResponse<String> response = call("GET", "/api/content/docs", null, bearer(presented));
      assertError(response, 401, "invalid_token");
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .get()
          .asString()
          .contains("error=\"invalid_token\"");
      if (first == null) {
        first = response;
      }
      assertThat(response.body()).as(presented).isEqualTo(first.body());
      assertThat(withoutDate(response)).as(presented).isEqualTo(withoutDate(first));
      if (!presented.isEmpty()) {
        // The same answer, byte for byte, when the token comes in the API-key header.
        HttpResponse<String> keyed = call("GET", "/api/content/docs", null, "X-API-Key", presented);
        assertThat(keyed.body()).as(presented).isEqualTo(first.body());
        assertThat(withoutDate(keyed)).as(presented).isEqualTo(withoutDate(first));
      }
    }
    IssuedToken shortLived =
        f.create(
            CreateTokenRequest.named("short lived")
                .lifetime(Lifetime.until(f.clock.instant().plusSeconds(30))));
    f.clock.advance(Duration.ofMinutes(1));
    assertError(call("GET", "/api/content/docs", null, bearer(shortLived.token())), 401, "expired");
    f.tokens.update(f.admin, api.id(), TokenUpdate.builder().enabled(false).build());
    assertError(call("GET", "/api/content/docs", null, bearer(token)), 401, "disabled");
    f.tokens.revoke(f.admin, api.id());
    assertError(call("GET", "/api/content/docs", null, bearer(token)), 401, "revoked");

    IssuedToken viewers = f.create(CreateTokenRequest.named("viewer's").ownerId("viewer"));
    f.users.put("viewer", Owner.inactive("viewer"));
    try {
      assertError(
          call("GET", "/api/content/docs", null, bearer(viewers.token())), 401, "owner_inactive");
    } finally {
      f.users.put("viewer", Owner.active("viewer", "content:read", "content:view"));
    }
    IssuedToken server =
        f.create(
            CreateTokenRequest.named("stale")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("editor")));
    String stale =
        RequestSigner.of(server.key(), server.secret())
            .sign("=editor", f.clock.instant().minus(Duration.ofHours(2)));
    assertError(
        call("GET", "/api/content/docs", null, "X-Token-Signature", stale), 401, "stale_signature");
    // The service's clock is the fixture's; a JWT tampered with is refused too.
    IssuedToken jwtServer =
        f.create(
            CreateTokenRequest.named("jwt 401")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("editor"))
                .issueJwt(true));
    HttpResponse<String> badJwt =
        call("GET", "/api/content/docs", null, bearer(jwtServer.jwt().orElseThrow() + "A"));
    assertThat(badJwt.statusCode()).isEqualTo(401);
  }

  @Test
  void each403CarriesItsReason() throws Exception {
    IssuedToken readOnly = f.create(CreateTokenRequest.named("ro").access(TokenAccess.readOnly()));
    assertError(call("PUT", "/api/content/docs", "x", bearer(readOnly.token())), 403, "read_only");
    IssuedToken docsOnly =
        f.create(
            CreateTokenRequest.named("docs only")
                .access(TokenAccess.fullAccess().withRootNodes(List.of("/docs"))));
    assertThat(call("GET", "/api/content/docs/guide", null, bearer(docsOnly.token())).statusCode())
        .isEqualTo(200);
    assertError(
        call("GET", "/api/content/blog", null, bearer(docsOnly.token())), 403, "outside_root");
    IssuedToken custom =
        f.create(CreateTokenRequest.named("custom").access(TokenAccess.custom("content:read")));
    assertError(
        call("PUT", "/api/content/docs", "x", bearer(custom.token())), 403, "outside_scope");
    IssuedToken viewerFull = f.create(CreateTokenRequest.named("viewer full").ownerId("viewer"));
    assertError(
        call("PUT", "/api/content/docs", "x", bearer(viewerFull.token())),
        403,
        "owner_lacks_permission");
    IssuedToken cidr =
        f.create(
            CreateTokenRequest.named("cidr")
                .access(TokenAccess.fullAccess().withAllowedCidrs(List.of("203.0.113.0/24"))));
    assertError(
        call("GET", "/api/content/docs", null, bearer(cidr.token())), 403, "client_not_allowed");
  }

  @Test
  void aTokenOverItsRateLimitGets429WithWhenToRetry() throws Exception {
    TokenAccess twoPerMinute =
        TokenAccess.fullAccess().withRateLimits(List.of(RateLimit.parse("2/1m")));
    IssuedToken api = f.create(CreateTokenRequest.named("limited").access(twoPerMinute));
    IssuedToken server =
        f.create(
            CreateTokenRequest.named("limited jwt")
                .kind(TokenKind.SERVER)
                .access(twoPerMinute)
                .issueJwt(true));
    for (String credential : List.of(api.token(), server.jwt().orElseThrow())) {
      for (int i = 0; i < 2; i++) {
        assertThat(call("GET", "/api/content/docs", null, bearer(credential)).statusCode())
            .isEqualTo(200);
      }
      HttpResponse<String> limited = call("GET", "/api/content/docs", null, bearer(credential));
      assertError(limited, 429, "rate_limited");
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("30");
      assertThat(limited.headers().firstValue("RateLimit")).hasValue("\"1m\";r=0;t=30");
      assertThat(limited.headers().firstValue("RateLimit-Policy")).hasValue("\"1m\";q=2;w=60");
      assertThat(limited.headers().firstValue("WWW-Authenticate")).isEmpty();
    }
    f.clock.advance(Duration.ofSeconds(30));
    assertThat(call("GET", "/api/content/docs", null, bearer(api.token())).statusCode())
        .isEqualTo(200);
  }

  @Test
  void preAuthorizeAppliesRootNodes() throws Exception {
    IssuedToken docsWriter =
        f.create(
            CreateTokenRequest.named("docs writer")
                .access(TokenAccess.fullAccess().withRootNodes(List.of("/docs"))));
    HttpResponse<String> inside =
        call("POST", "/api/notes?path=/docs/guide", "hello", bearer(docsWriter.token()));
    assertThat(inside.statusCode()).as(inside.body()).isEqualTo(200);
    assertThat(inside.body()).isEqualTo("noted on /docs/guide: hello");
    assertError(
        call("POST", "/api/notes?path=/blog", "hello", bearer(docsWriter.token())),
        403,
        "outside_root");
    IssuedToken readOnly =
        f.create(CreateTokenRequest.named("notes ro").access(TokenAccess.readOnly()));
    assertError(
        call("POST", "/api/notes?path=/docs", "x", bearer(readOnly.token())), 403, "read_only");
    // No CSRF token needed: the request carries its credential in a header.
    assertError(call("POST", "/api/notes?path=/docs", "x"), 401, "missing_token");
  }

  @Test
  void storeOutageIs503() throws Exception {
    IssuedToken api = f.create(CreateTokenRequest.named("outage"));
    f.storeDown.set(true);
    try {
      HttpResponse<String> down = call("GET", "/api/content/docs", null, bearer(api.token()));
      assertError(down, 503, "unavailable");
      assertThat(down.headers().firstValue("Retry-After")).isPresent();
    } finally {
      f.storeDown.set(false);
    }
    assertThat(call("GET", "/api/content/docs", null, bearer(api.token())).statusCode())
        .isEqualTo(200);
  }
}

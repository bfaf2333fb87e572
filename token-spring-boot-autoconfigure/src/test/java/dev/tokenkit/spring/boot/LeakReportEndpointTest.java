package dev.tokenkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.AuditEvent;
import dev.tokenkit.core.AuditListener;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.TokenService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * The leaked-token endpoint as GitHub's secret scanning calls it: reports signed with ECDSA P-256
 * (keys made here), answered per entry; anything unsigned, badly signed or malformed is refused.
 */
class LeakReportEndpointTest {

  static final String KEY_ID = "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a";
  static final List<AuditEvent> EVENTS = new CopyOnWriteArrayList<>();
  static KeyPair reporter;
  static KeyPair stranger;
  static ConfigurableApplicationContext app;
  static String endpoint;

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import(ManagementApiTest.Host.class)
  static class Host {
    @Bean
    AuditListener events() {
      return EVENTS::add;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    reporter = p256();
    stranger = p256();
    Map<String, Object> properties = new HashMap<>(baseProperties());
    properties.put(
        "tokenkit.leak-reports.public-keys." + KEY_ID,
        Base64.getEncoder().encodeToString(reporter.getPublic().getEncoded()));
    app = new SpringApplicationBuilder(Host.class).properties(properties).run();
    endpoint =
        "http://127.0.0.1:"
            + app.getBean(Environment.class).getProperty("local.server.port")
            + "/tokenkit/leaked-tokens";
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static Map<String, Object> baseProperties() {
    return Map.of(
        "server.port", "0",
        "tokenkit.peppers.1", TokenkitAutoConfigurationTest.PEPPER,
        "tokenkit.leak-reports.enabled", "true",
        "logging.level.root", "warn");
  }

  @Test
  void aSignedReportRevokesOurLiveTokensAndAnswersEachEntry() throws Exception {
    TokenService tokens = app.getBean(TokenService.class);
    Actor admin =
        Actor.of(
            "admin", EnumSet.allOf(AdminPermission.class), ManagementApiTest.ADMIN_PERMISSIONS);
    IssuedToken leaked = tokens.create(admin, CreateTokenRequest.named("leaked ci").build());
    String url = "https://github.com/octocat/Hello-World/blob/12345600b9/foo/bar.txt";
    String body =
        "[{\"token\":\""
            + leaked.token()
            + "\",\"type\":\"tokenkit_api_token\",\"url\":\""
            + url
            + "\",\"source\":\"content\"},"
            + "{\"token\":\"tk_NMIfyYncKcRALEXAMPLE\",\"type\":\"tokenkit_api_token\","
            + "\"source\":\"npm\"}]";
    HttpResponse<String> answer = post(body, KEY_ID, sign(reporter, body));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode entries = ManagementApiTest.json(answer);
    assertThat(entries.size()).isEqualTo(2);
    assertThat(entries.get(0).path("token_hash").asString()).isEqualTo(sha256(leaked.token()));
    assertThat(entries.get(0).path("token_type").asString()).isEqualTo("tokenkit_api_token");
    assertThat(entries.get(0).path("label").asString()).isEqualTo("true_positive");
    assertThat(entries.get(1).path("label").asString()).isEqualTo("false_positive");
    assertThat(answer.body()).doesNotContain(leaked.token()).doesNotContain("NMIfyYnc");
    assertThat(tokens.authenticate(leaked.token(), null).isAuthenticated()).isFalse();
    assertThat(EVENTS)
        .filteredOn(e -> e.type() == AuditEvent.Type.LEAKED)
        .singleElement()
        .satisfies(e -> assertThat(e.changes().get(0).newValue()).contains(url));
    // Reported again: still ours, already revoked, nothing more happens.
    HttpResponse<String> again = post(body, KEY_ID, sign(reporter, body));
    assertThat(ManagementApiTest.json(again).get(0).path("label").asString())
        .isEqualTo("true_positive");
    assertThat(EVENTS).filteredOn(e -> e.type() == AuditEvent.Type.LEAKED).hasSize(1);
  }

  @Test
  void unsignedOrBadlySignedReportsAreRefusedAndChangeNothing() throws Exception {
    TokenService tokens = app.getBean(TokenService.class);
    Actor admin =
        Actor.of(
            "admin", EnumSet.allOf(AdminPermission.class), ManagementApiTest.ADMIN_PERMISSIONS);
    IssuedToken token = tokens.create(admin, CreateTokenRequest.named("kept").build());
    String body = "[{\"token\":\"" + token.token() + "\",\"type\":\"t\",\"url\":\"u\"}]";
    problem(post(body, null, null), 401, "unsigned");
    problem(post(body, KEY_ID, null), 401, "unsigned");
    problem(post(body, KEY_ID, sign(stranger, body)), 401, "bad_signature");
    problem(post(body, "some-other-key", sign(reporter, body)), 401, "bad_signature");
    problem(post(body + " ", KEY_ID, sign(reporter, body)), 401, "bad_signature");
    problem(post(body, KEY_ID, "not base64!"), 401, "bad_signature");
    problem(post(body, KEY_ID, "AAAA"), 401, "bad_signature");
    problem(post(body, KEY_ID, "x".repeat(5000)), 401, "bad_signature");
    assertThat(tokens.authenticate(token.token(), null).isAuthenticated()).isTrue();
  }

  @Test
  void malformedReportsAreRefusedNamingTheEntry() throws Exception {
    for (String[] bad :
        new String[][] {
          {"", ""},
          {"{}", ""},
          {"[]", ""},
          {"[1]", "[0]"},
          {"[{\"type\":\"t\"}]", "[0].token"},
          {"[{\"token\":5}]", "[0].token"},
          {"[{\"token\":\"tk_x\",\"url\":[]}]", "[0].url"},
          {"[{\"token\":\"tk_x\"", ""},
          {"[{\"token\":\"t\u00e9\\u0000\"}, {\"token\":true}]", "[1].token"},
        }) {
      HttpResponse<String> answer = post(bad[0], KEY_ID, sign(reporter, bad[0]));
      JsonNode problem = problem(answer, 400, "invalid_request");
      if (!bad[1].isEmpty()) {
        assertThat(problem.path("field").asString()).as(bad[0]).isEqualTo(bad[1]);
      }
    }
    StringBuilder many = new StringBuilder("[");
    for (int i = 0; i <= 1000; i++) {
      many.append(i == 0 ? "" : ",").append("{\"token\":\"tk_").append(i).append("\"}");
    }
    String tooMany = many.append(']').toString();
    problem(post(tooMany, KEY_ID, sign(reporter, tooMany)), 400, "invalid_request");
    String huge = "[{\"token\":\"" + "x".repeat(LeakReportController.MAX_BODY_BYTES) + "\"}]";
    problem(post(huge, KEY_ID, sign(reporter, huge)), 413, "too_large");
  }

  @Test
  void theEndpointNeedsKeysThatAreP256PublicKeys() throws Exception {
    Map<String, Object> none = new HashMap<>(baseProperties());
    assertThatThrownBy(() -> new SpringApplicationBuilder(Host.class).properties(none).run())
        .hasStackTraceContaining("tokenkit.leak-reports.public-keys");
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    Map<String, Object> wrong = new HashMap<>(baseProperties());
    wrong.put(
        "tokenkit.leak-reports.public-keys.k1",
        Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded()));
    assertThatThrownBy(() -> new SpringApplicationBuilder(Host.class).properties(wrong).run())
        .hasStackTraceContaining("tokenkit.leak-reports.public-keys.k1")
        .hasStackTraceContaining("must be an ECDSA P-256 public key");
    Map<String, Object> garbage = new HashMap<>(baseProperties());
    garbage.put("tokenkit.leak-reports.public-keys.k1", "-----BEGIN PUBLIC KEY-----\nnope");
    assertThatThrownBy(() -> new SpringApplicationBuilder(Host.class).properties(garbage).run())
        .hasStackTraceContaining("tokenkit.leak-reports.public-keys.k1");
    // A PEM key is taken as well as base64 DER.
    Map<String, Object> pem = new HashMap<>(baseProperties());
    pem.put("server.port", "0");
    pem.put(
        "tokenkit.leak-reports.public-keys.k1",
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(reporter.getPublic().getEncoded())
            + "\n-----END PUBLIC KEY-----\n");
    new SpringApplicationBuilder(Host.class).properties(pem).run().close();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static KeyPair p256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  static String sign(KeyPair keys, String body) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(keys.getPrivate());
    signer.update(body.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  static HttpResponse<String> post(String body, String keyId, String signature) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoint))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (keyId != null) {
      request.header(LeakReportController.KEY_ID_HEADER, keyId);
    }
    if (signature != null) {
      request.header(LeakReportController.SIGNATURE_HEADER, signature);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode problem(HttpResponse<String> answer, int status, String error) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    JsonNode problem = ManagementApiTest.json(answer);
    assertThat(problem.path("error").asString()).isEqualTo(error);
    assertThat(answer.body()).doesNotContain("Exception").doesNotContain("dev.tokenkit");
    return problem;
  }
}

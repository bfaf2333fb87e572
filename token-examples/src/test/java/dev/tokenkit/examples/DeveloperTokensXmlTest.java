package dev.tokenkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The reference server's MindTouch compatibility layer: {@code POST} and {@code PUT
 * /@api/deki/site/developer-tokens} with the seed's XML request shape, every field of the answer,
 * and hostile or broken XML.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class DeveloperTokensXmlTest {

  private static final String PATH = "/@api/deki/site/developer-tokens";
  private final HttpClient client = HttpClient.newHttpClient();
  private ReferenceServer server;
  private String admin;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    ReferenceServer.Settings settings = new ReferenceServer.Settings();
    settings.port = 0;
    settings.dataDir = dataDir;
    server = ReferenceServer.start(settings);
    admin = server.bootstrapToken().orElseThrow();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private HttpResponse<String> call(String method, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> asAdmin(String method, String path, String xml)
      throws IOException, InterruptedException {
    return call(
        method, path, xml, "Authorization", "Bearer " + admin, "Content-Type", "application/xml");
  }

  /** The answer's root element, read with a parser that refuses DTDs. */
  private static Element xml(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type"))
        .contains("application/xml;charset=utf-8");
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)))
        .getDocumentElement();
  }

  private static Map<String, String> children(Element root) {
    Map<String, String> fields = new HashMap<>();
    NodeList nodes = root.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element e) {
        assertThat(fields.put(e.getTagName(), e.getTextContent())).isNull();
      }
    }
    return fields;
  }

  @Test
  void theSeedsCreateRequestGetsEveryFieldOfTheAnswer() throws Exception {
    Instant before = Instant.now().minusSeconds(2);
    HttpResponse<String> created =
        asAdmin(
            "POST",
            PATH,
            "<developer-token type=\"server\"><key>ignored</key><name>MindTouch sync ✓</name>"
                + "<restricted-by-user-id>editor</restricted-by-user-id></developer-token>");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("Cache-Control")).contains("no-store");
    Element root = xml(created);
    assertThat(root.getTagName()).isEqualTo("developer-token");
    String id = root.getAttribute("id");
    assertThat(id).matches("[0-9A-Za-z]{12}");
    assertThat(root.getAttribute("type")).isEqualTo("server");
    Instant date =
        ZonedDateTime.parse(root.getAttribute("date"), DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant();
    assertThat(date).isBetween(before, Instant.now().plusSeconds(2));
    assertThat(root.getAttribute("date")).endsWith(" GMT");
    assertThat(root.getAttribute("href"))
        .isEqualTo("http://127.0.0.1:" + server.port() + PATH + "/" + id);
    Map<String, String> fields = children(root);
    assertThat(fields)
        .containsOnlyKeys("authorization", "key", "name", "restricted-by-user-id", "secret");
    assertThat(fields.get("key")).isEqualTo(id);
    assertThat(fields.get("name")).isEqualTo("MindTouch sync ✓");
    assertThat(fields.get("restricted-by-user-id")).isEqualTo("editor");
    assertThat(fields.get("secret")).matches("[0-9A-Za-z]{64}");
    assertThat(fields.get("authorization")).startsWith("Bearer ");
    String jwt = fields.get("authorization").substring("Bearer ".length());

    // The bearer JWT works at once, as the restricted user; the token shows that a JWT exists.
    assertThat(
            call("GET", "/content/docs/guide", null, "Authorization", "Bearer " + jwt).statusCode())
        .isEqualTo(200);
    JsonNode json =
        Tour.JSON.readTree(
            call("GET", "/admin/tokens/" + id, null, "Authorization", "Bearer " + admin).body());
    assertThat(json.path("restrictedUser").asText()).isEqualTo("editor");
    assertThat(Instant.parse(json.path("jwtIssuedAt").asText())).isBetween(before, Instant.now());
  }

  @Test
  void putReRestrictsRenamesAndLiftsTheRestriction() throws Exception {
    Element created =
        xml(
            asAdmin(
                "POST",
                PATH,
                "<developer-token type=\"server\"><name>to move</name>"
                    + "<restricted-by-user-id>editor</restricted-by-user-id></developer-token>"));
    String id = created.getAttribute("id");
    HttpResponse<String> moved =
        asAdmin(
            "PUT",
            PATH + "/" + id,
            "<developer-token><key>"
                + id
                + "</key><name>moved</name><restricted-by-user-id>viewer</restricted-by-user-id>"
                + "</developer-token>");
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    Element root = xml(moved);
    assertThat(root.getAttribute("id")).isEqualTo(id);
    assertThat(root.getAttribute("date")).isEqualTo(created.getAttribute("date"));
    assertThat(children(root))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("key", id, "name", "moved", "restricted-by-user-id", "viewer"));

    HttpResponse<String> lifted =
        asAdmin(
            "PUT", PATH + "/" + id, "<developer-token><restricted-by-user-id/></developer-token>");
    assertThat(lifted.statusCode()).isEqualTo(200);
    assertThat(children(xml(lifted))).containsOnlyKeys("key", "name");
  }

  @Test
  void browserTokensTakeHostsAndOtherTypesAreRefused() throws Exception {
    HttpResponse<String> browser =
        asAdmin(
            "POST",
            PATH,
            "<developer-token type=\"browser\"><name>widget</name><host>example.com</host>"
                + "<host>*.example.org</host></developer-token>");
    assertThat(browser.statusCode()).as(browser.body()).isEqualTo(201);
    Element root = xml(browser);
    assertThat(root.getAttribute("type")).isEqualTo("browser");
    assertThat(children(root)).containsOnlyKeys("key", "name", "secret");
    assertBadRequest(
        asAdmin("POST", PATH, "<developer-token type=\"oauth\"><name>x</name></developer-token>"),
        "type");
    assertBadRequest(
        asAdmin(
            "POST",
            PATH,
            "<developer-token type=\"server\"><name>x</name><host>a.com</host></developer-token>"),
        "host");
  }

  @Test
  void hostileAndBrokenXmlIsAClean400() throws Exception {
    String laughs =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
            + "<developer-token><name>&lol2;</name></developer-token>";
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<developer-token><name>&x;</name></developer-token>";
    String external =
        "<!DOCTYPE developer-token SYSTEM \"http://127.0.0.1:9/x.dtd\"><developer-token>"
            + "<name>x</name></developer-token>";
    List<String> bad =
        List.of(
            laughs,
            xxe,
            external,
            "<developer-token><name>cut",
            "{\"name\":\"json\"}",
            "<token><name>x</name></token>",
            "<developer-token><name>a</name><name>b</name></developer-token>",
            "<developer-token><name><b>x</b></name></developer-token>",
            "<developer-token><colour>red</colour><name>x</name></developer-token>",
            "<developer-token>text<name>x</name></developer-token>",
            "<developer-token type=\"server\"></developer-token>",
            "<developer-token><name></name></developer-token>",
            "<developer-token><name>" + "n".repeat(101) + "</name></developer-token>",
            "<developer-token type=\"server\"><name>x</name>"
                + "<restricted-by-user-id>nobody</restricted-by-user-id></developer-token>",
            "\u00ff\u00fe<");
    for (String body : bad) {
      HttpResponse<String> answer = asAdmin("POST", PATH, body);
      assertThat(answer.statusCode()).as(body).isEqualTo(400);
      assertClean(answer, body);
      assertThat(answer.body()).doesNotContain("root:");
    }
    assertThat(asAdmin("POST", PATH, "").statusCode()).isEqualTo(400);
    HttpResponse<String> huge =
        asAdmin(
            "POST",
            PATH,
            "<developer-token><name>x</name><!--" + "x".repeat(20_000) + "--></developer-token>");
    assertThat(huge.statusCode()).isEqualTo(413);
    assertClean(huge, "huge");
  }

  @Test
  void refusalsOfTheServiceNameTheXmlElement() throws Exception {
    assertBadRequest(
        asAdmin(
            "POST",
            PATH,
            "<developer-token type=\"server\"><name>x</name>"
                + "<restricted-by-user-id>nobody</restricted-by-user-id></developer-token>"),
        "restricted-by-user-id");
    assertBadRequest(
        asAdmin(
            "POST",
            PATH,
            "<developer-token type=\"browser\"><name>w</name><host>http://a/b</host>"
                + "</developer-token>"),
        "host");
    assertBadRequest(
        asAdmin("POST", PATH, "<developer-token><name> </name></developer-token>"), "name");
    String id =
        xml(asAdmin("POST", PATH, "<developer-token><name>renamed later</name></developer-token>"))
            .getAttribute("id");
    assertBadRequest(
        asAdmin(
            "PUT",
            PATH + "/" + id,
            "<developer-token><restricted-by-user-id>"
                + Directory.DEACTIVATED
                + "</restricted-by-user-id></developer-token>"),
        "restricted-by-user-id");
  }

  @Test
  void putChecksTheTokenTheKeyAndTheCaller() throws Exception {
    String id =
        xml(asAdmin("POST", PATH, "<developer-token><name>checked</name></developer-token>"))
            .getAttribute("id");
    assertBadRequest(
        asAdmin(
            "PUT", PATH + "/" + id, "<developer-token><key>AAAAAAAAAAAA</key></developer-token>"),
        "key");
    assertBadRequest(
        asAdmin(
            "PUT",
            PATH + "/" + id,
            "<developer-token type=\"browser\"><name>x</name></developer-token>"),
        "type");
    assertThat(
            asAdmin(
                    "PUT",
                    PATH + "/AAAAAAAAAAAA",
                    "<developer-token><name>x</name></developer-token>")
                .statusCode())
        .isEqualTo(404);
    assertThat(asAdmin("PUT", PATH + "/not-a-key", "<developer-token/>").statusCode())
        .isEqualTo(404);
    assertThat(call("POST", PATH, "<developer-token><name>x</name></developer-token>").statusCode())
        .isEqualTo(401);
    assertThat(asAdmin("GET", PATH, null).statusCode()).isEqualTo(405);
    assertThat(asAdmin("DELETE", PATH + "/" + id, null).statusCode()).isEqualTo(405);
  }

  private static void assertBadRequest(HttpResponse<String> answer, String field)
      throws IOException {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    JsonNode json = Tour.JSON.readTree(answer.body());
    assertThat(json.path("error").asText()).isEqualTo("invalid_request");
    assertThat(json.path("field").asText()).isEqualTo(field);
    assertClean(answer, field);
  }

  /** Errors are the reference server's JSON errors, in its own words. */
  private static void assertClean(HttpResponse<String> answer, String what) throws IOException {
    JsonNode json = Tour.JSON.readTree(answer.body());
    assertThat(json.path("message").asText()).as(what).isNotBlank();
    for (String leak :
        List.of("java.", "org.", "com.", "Exception", "SAX", "xerces", "DOCTYPE is disallowed")) {
      assertThat(answer.body()).as(what).doesNotContain(leak);
    }
  }
}

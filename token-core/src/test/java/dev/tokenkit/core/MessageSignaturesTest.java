package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The RFC 9421 pieces one at a time: which profile rule a signature breaks, how each derived
 * component is read from the target URI, when a {@code Content-Digest} names the body, and which
 * methods a request may have. End-to-end signing and verifying is {@code MessageSignatureTest}'s.
 */
class MessageSignaturesTest {

  private static final String KEY_ID = "abcdefghijk0";
  private static final String COVERS =
      "(\"@method\" \"@target-uri\" \"@authority\" \"content-digest\"";

  @Test
  void eachProfileRuleNamesItself() {
    assertThat(problem("(\"@method\")", params(), request()))
        .isEqualTo("does not cover @target-uri");
    assertThat(problem(COVERS + ")", params(), builder().header("Token-User", "bob").build()))
        .isEqualTo("does not cover token-user");
    assertThat(
            problem(
                COVERS + " \"token-user\")", params(), builder().header("token-user", "b").build()))
        .isNull();
    assertThat(problem(COVERS + " \"@request-response\")", params(), request()))
        .isEqualTo("covers an unsupported component");
    assertThat(problem(COVERS + " \"@path\" \"@query\" \"@scheme\")", params(), request()))
        .isNull();
    assertThat(problem(COVERS + ")", params() + ";extra=1", request()))
        .isEqualTo("has an unknown parameter");
    String misstated = "lacks or misstates created, nonce, keyid or alg";
    assertThat(problem(COVERS + ")", params().replace(";expires=2", ";expires=\"2\""), request()))
        .isEqualTo(misstated);
    assertThat(problem(COVERS + ")", params().replace(";expires=2", ""), request())).isNull();
    assertThat(problem(COVERS + ")", params(8), request())).isNull();
    assertThat(problem(COVERS + ")", params(128), request())).isNull();
    assertThat(problem(COVERS + ")", params(7), request())).isEqualTo(misstated);
    assertThat(problem(COVERS + ")", params(129), request())).isEqualTo(misstated);
  }

  @Test
  void aSignatureCoversAtMost32DistinctComponents() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      names.add("\"h" + i + "\"");
    }
    assertThat(parse("(" + String.join(" ", names) + ")")).isNotNull();
    names.add("\"h32\"");
    assertThat(parse("(" + String.join(" ", names) + ")")).isNull();
    assertThat(parse("(\"a\" \"a\")")).isNull();
    assertThat(parse("(\"@signature-params\")")).isNull();
    assertThat(parse("()")).isNull();
  }

  @Test
  void derivedComponentsAreReadFromTheTargetUri() {
    assertThat(base("HTTPS://Api.Example.com:443", "@authority")).isEqualTo("api.example.com");
    assertThat(base("http://api.example.com:80/x", "@authority")).isEqualTo("api.example.com");
    assertThat(base("http://api.example.com:443/x", "@authority")).isEqualTo("api.example.com:443");
    assertThat(base("https://api.example.com:80/x", "@authority")).isEqualTo("api.example.com:80");
    assertThat(base("https://api.example.com:8443", "@authority"))
        .isEqualTo("api.example.com:8443");
    assertThat(base("HTTPS://api.example.com", "@scheme")).isEqualTo("https");
    assertThat(base("https://api.example.com", "@path")).isEqualTo("/");
    assertThat(base("https://api.example.com/a%20b/c", "@path")).isEqualTo("/a%20b/c");
    assertThat(base("https://api.example.com/a", "@query")).isEqualTo("?");
    assertThat(base("https://api.example.com/a?x=1&y", "@query")).isEqualTo("?x=1&y");
    HttpRequestParts r =
        HttpRequestParts.builder()
            .method("GET")
            .targetUri(URI.create("https://api.example.com"))
            .header("X-Two", " a ")
            .header("x-two", "b")
            .header("X-Upper", "v")
            .build();
    assertThat(MessageSignatures.base(r, List.of("x-two"), "()"))
        .isEqualTo("\"x-two\": a, b\n\"@signature-params\": ()");
    assertThat(MessageSignatures.base(r, List.of("X-Upper"), "()")).isNull();
    assertThat(MessageSignatures.base(r, List.of("@status"), "()")).isNull();
    assertThat(MessageSignatures.base(r, List.of("absent"), "()")).isNull();
  }

  @Test
  void aContentDigestMustNameTheBodyInEveryMemberItHas() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String sha256 = MessageSignatures.contentDigest(body);
    assertThat(digest(body, sha256)).isTrue();
    assertThat(digest(body, null)).isFalse();
    assertThat(digest(body, "sha-256=:" + "A".repeat(43) + "=:")).isFalse();
    assertThat(digest(body, sha256 + ", md5=:AAAA:")).isFalse();
    assertThat(digest(body, "sha-256=\"x\"")).isFalse();
    assertThat(digest(body, "not a dictionary")).isFalse();
    assertThat(digest(new byte[0], sha256)).isFalse();
  }

  @Test
  void aMethodIsAnHttpTokenOfAnyOfItsCharacters() {
    for (String method :
        new String[] {"GET", "a", "z", "A", "Z", "0", "9", "M-SEARCH", "!#$%&'*+-.^_`|~"}) {
      HttpRequestParts r =
          HttpRequestParts.builder().method(method).targetUri(URI.create("https://x")).build();
      assertThat(r.method()).isEqualTo(method);
      assertThat(r.bodyLength()).isZero();
      assertThat(r).hasToString("HttpRequestParts[" + method + " https://x, 0 bytes]");
    }
    for (String method :
        new String[] {"", "GET ", "G\"T", "G/T", "G@T", "G[T", "G{T", "É", "G:T"}) {
      assertThatThrownBy(
              () ->
                  HttpRequestParts.builder()
                      .method(method)
                      .targetUri(URI.create("https://x"))
                      .build())
          .as(method)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("method");
    }
  }

  private static HttpRequestParts.Builder builder() {
    return HttpRequestParts.builder().method("PUT").targetUri(URI.create("https://x/y"));
  }

  private static HttpRequestParts request() {
    return builder().build();
  }

  private static String params() {
    return params(16);
  }

  private static String params(int nonceLength) {
    return ";created=1;expires=2;nonce=\""
        + "n".repeat(nonceLength)
        + "\";keyid=\""
        + KEY_ID
        + "\";alg=\"hmac-sha256\"";
  }

  private static MessageSignatures.Parsed parse(String innerList) {
    return MessageSignatures.parse(
        builder()
            .header("Signature-Input", "tokenkit=" + innerList)
            .header("Signature", "tokenkit=:AAAA:")
            .build());
  }

  private static String problem(String innerList, String params, HttpRequestParts request) {
    MessageSignatures.Parsed parsed = parse(innerList + params);
    assertThat(parsed).as(innerList + params).isNotNull();
    return MessageSignatures.profileProblem(parsed, request);
  }

  private static String base(String uri, String component) {
    HttpRequestParts r =
        HttpRequestParts.builder().method("GET").targetUri(URI.create(uri)).build();
    String base = MessageSignatures.base(r, List.of(component), "()");
    String prefix = "\"" + component + "\": ";
    assertThat(base).startsWith(prefix).endsWith("\n\"@signature-params\": ()");
    return base.substring(prefix.length(), base.indexOf('\n'));
  }

  private static boolean digest(byte[] body, String contentDigest) {
    HttpRequestParts.Builder b =
        HttpRequestParts.builder().method("PUT").targetUri(URI.create("https://x")).body(body);
    if (contentDigest != null) {
      b.header("Content-Digest", contentDigest);
    }
    return MessageSignatures.digestMatches(b.build());
  }
}

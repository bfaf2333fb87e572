package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The edges of host-pattern and origin parsing, one rule at a time: each refusal names the rule it
 * broke, and every length and port limit is tried on both sides. (The agreement with {@code
 * java.net.URI} and {@code IDN} on arbitrary input is {@code HostPatternsFuzzTest}'s job.)
 */
class HostPatternsTest {

  private static final String TOO_LONG = "must be a host name";
  private static final String NOT_AN_ORIGIN = "must not have a path, query, userinfo";
  private static final String PORT = "port must be 1 to 65535";
  private static final String STAR = "'*' is only allowed as the first label";
  private static final String HOST = "is not a valid host name";

  @Test
  void aPatternMayBe269CharactersLongBeforeItsHostIsChecked() {
    // 269 = the longest host (253) plus the longest scheme and port: checked by the host rule.
    refused("a".repeat(269), HOST);
    refused("a".repeat(270), TOO_LONG);
  }

  @Test
  void pathQueryFragmentAndUserinfoAreRefusedWherEverTheyStand() {
    for (String p : new String[] {"/example.com", "@example.com", "?example.com", "#example.com"}) {
      refused(p, NOT_AN_ORIGIN);
    }
    for (String p :
        new String[] {"example.com/", "a@example.com", "example.com?", "example.com#"}) {
      refused(p, NOT_AN_ORIGIN);
    }
  }

  @Test
  void aPortAloneIsABadPortAndAStarAloneIsABadStar() {
    refused(":0", PORT);
    refused(":", PORT);
    refused("*example.com", STAR);
    refused("example.*", STAR);
    refused("*.[::1]", "'*.' needs a host name, not an address");
  }

  @Test
  void portsRunFrom1To65535WithAtMostFiveDigits() {
    assertThat(HostPatterns.parse("example.com:1").text()).isEqualTo("example.com:1");
    assertThat(HostPatterns.parse("example.com:65535").text()).isEqualTo("example.com:65535");
    assertThat(HostPatterns.parse("example.com:08090").text()).isEqualTo("example.com:8090");
    assertThat(HostPatterns.parse("example.com:9").text()).isEqualTo("example.com:9");
    assertThat(HostPatterns.parse("example.com:10").text()).isEqualTo("example.com:10");
    refused("example.com:0", PORT);
    refused("example.com:65536", PORT);
    refused("example.com:000080", PORT);
    refused("example.com:8/", NOT_AN_ORIGIN);
    refused("example.com:8:", PORT);
    refused("example.com:-1", PORT);
  }

  @Test
  void originsCarryTheirPortsWithTheSameLimits() {
    assertThat(origin("https://example.com:1").port).isEqualTo(1);
    assertThat(origin("https://example.com:65535").port).isEqualTo(65535);
    assertThat(origin("http://example.com:9090").port).isEqualTo(9090);
    assertThat(origin("http://example.com").port).isEqualTo(80);
    assertThat(origin("https://example.com").port).isEqualTo(443);
    for (String bad :
        new String[] {
          "https://example.com:0",
          "https://example.com:65536",
          "https://example.com:",
          "https://example.com:123456",
          "https://example.com:8a"
        }) {
      assertThat(HostPatterns.originOf(bad, null)).as(bad).isNull();
    }
  }

  @Test
  void anOriginMayEndInOneSlashButHasNoPath() {
    HostPatterns.Origin o = origin("https://example.com/");
    assertThat(o.host).isEqualTo("example.com");
    assertThat(o.scheme).isEqualTo("https");
    assertThat(HostPatterns.originOf("https://example.com//", null)).isNull();
    assertThat(HostPatterns.originOf("https://example.com?", null)).isNull();
    assertThat(HostPatterns.originOf("https://example.com#", null)).isNull();
    // A Referer may have any path; only its origin is kept.
    HostPatterns.Origin referred = HostPatterns.originOf(null, "http://Example.com:8080/a/b?c#d");
    assertThat(referred).isNotNull();
    assertThat(referred.host).isEqualTo("example.com");
    assertThat(referred.port).isEqualTo(8080);
    assertThat(referred.defaultPort).isEqualTo(80);
  }

  @Test
  void originHeadersAreReadUpTo2048Characters() {
    String prefix = "https://example.com/";
    String longest = prefix + "p".repeat(2048 - prefix.length());
    assertThat(HostPatterns.originOf(null, longest)).isNotNull();
    assertThat(HostPatterns.originOf(null, longest + "p")).isNull();
    // The Origin header wins over the Referer, even when it is unusable.
    assertThat(HostPatterns.originOf("null", "https://example.com/")).isNull();
  }

  @Test
  void hostNamesAre253CharactersAtMost() {
    String label = "a".repeat(63);
    String longest = label + "." + label + "." + label + "." + "b".repeat(61);
    assertThat(longest).hasSize(253);
    assertThat(HostPatterns.asciiHost(longest)).isEqualTo(longest);
    assertThat(HostPatterns.asciiHost(longest + "b")).isNull();
    assertThat(HostPatterns.asciiHost("a".repeat(64))).isNull();
    assertThat(HostPatterns.asciiHost("Z9-z.A0")).isEqualTo("z9-z.a0");
    assertThat(HostPatterns.asciiHost("a_b")).isNull();
    assertThat(HostPatterns.asciiHost("BÜCHER.example")).isEqualTo("xn--bcher-kva.example");
    assertThat(HostPatterns.asciiHost("")).isNull();
    assertThat(HostPatterns.asciiHost("[::1")).isNull();
    assertThat(HostPatterns.asciiHost("[1.2.3.4]")).isNull();
    assertThat(HostPatterns.asciiHost("[::1]")).isEqualTo("[0:0:0:0:0:0:0:1]");
  }

  @Test
  void wildcardsNeedAtLeastOneMoreLabelAndADot() {
    HostPatterns.Pattern sub = HostPatterns.parse("*.example.com");
    assertThat(sub.matches(origin("https://a.example.com"))).isTrue();
    assertThat(sub.matches(origin("https://a.b.example.com"))).isTrue();
    assertThat(sub.matches(origin("https://example.com"))).isFalse();
    assertThat(sub.matches(origin("https://aexample.com"))).isFalse();
    assertThat(sub.matches(origin("https://a.example.com:444"))).isFalse();
    assertThat(HostPatterns.parse("*.example.com:8443").matches(origin("https://a.example.com")))
        .isFalse();
  }

  private static HostPatterns.Origin origin(String url) {
    HostPatterns.Origin o = HostPatterns.originOf(url, null);
    assertThat(o).as(url).isNotNull();
    return o;
  }

  private static void refused(String pattern, String rule) {
    assertThatThrownBy(() -> HostPatterns.parse(pattern))
        .as(pattern)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(rule);
  }
}

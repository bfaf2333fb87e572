package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkit.fuzz.FuzzInput;
import java.net.IDN;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes origin binding: host patterns, {@code Origin} and {@code Referer} values and host names,
 * against {@link IDN} and {@link URI} as references.
 */
class HostPatternsFuzzTest {

  private static final java.util.regex.Pattern LABELS =
      java.util.regex.Pattern.compile(
          "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aPatternParsesToItsCanonicalFormOrIsRefusedWithAReason(byte[] input) {
    String text = FuzzInput.text(input);
    HostPatterns.Pattern pattern;
    try {
      pattern = HostPatterns.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("host pattern ");
      return;
    }
    assertThat(pattern.host).isEqualTo(HostPatterns.asciiHost(pattern.host));
    assertThat(HostPatterns.parse(pattern.text()).text()).isEqualTo(pattern.text());
    assertThat(pattern.port).isBetween(-1, 65535).isNotZero();
  }

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void hostNamesAgreeWithIdn(byte[] input) {
    String host = FuzzInput.text(input);
    if (host.startsWith("[")) {
      String ascii = HostPatterns.asciiHost(host);
      if (ascii != null) {
        assertThat(ascii)
            .isEqualTo(
                "[" + IpAddressesFuzzTest.reference(host.substring(1, host.length() - 1)) + "]");
      }
      return;
    }
    assertThat(HostPatterns.asciiHost(host)).isEqualTo(idnReference(host));
  }

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void originsAgreeWithUriAndMatchOnlyTheirPattern(byte[] input) {
    String[] parts = FuzzInput.texts(input, 2);
    String url = parts[1];
    HostPatterns.Origin asReferer = HostPatterns.originOf(null, url);
    HostPatterns.Origin asOrigin = HostPatterns.originOf(url, "https://ignored.example");
    if (asOrigin != null) {
      assertThat(asReferer).isNotNull();
      assertThat(asReferer.host).isEqualTo(asOrigin.host);
    }
    if (asReferer == null) {
      return;
    }
    URI uri = uriOrNull(url.strip());
    if (uri != null && uri.getHost() != null && uri.getRawUserInfo() == null) {
      assertThat(asReferer.scheme).isEqualTo(uri.getScheme().toLowerCase(Locale.ROOT));
      String uriHost = uri.getHost().toLowerCase(Locale.ROOT);
      if (uriHost.startsWith("[")) {
        uriHost =
            "[" + IpAddressesFuzzTest.reference(uriHost.substring(1, uriHost.length() - 1)) + "]";
      }
      assertThat(asReferer.host).isEqualTo(uriHost);
      assertThat(asReferer.port)
          .isEqualTo(uri.getPort() < 0 ? asReferer.defaultPort : uri.getPort());
    }
    HostPatterns.Pattern pattern;
    try {
      pattern = HostPatterns.parse(parts[0]);
    } catch (IllegalArgumentException e) {
      return;
    }
    boolean expected =
        (pattern.wildcard
                ? asReferer.host.endsWith("." + pattern.host)
                : asReferer.host.equals(pattern.host))
            && (pattern.scheme == null || pattern.scheme.equals(asReferer.scheme))
            && asReferer.port == (pattern.port < 0 ? asReferer.defaultPort : pattern.port);
    assertThat(pattern.matches(asReferer)).isEqualTo(expected);
  }

  /** What {@link IDN} makes of a host name, checked against the rules for DNS labels. */
  static String idnReference(String host) {
    String ascii;
    try {
      ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return ascii.length() <= 253 && LABELS.matcher(ascii).matches() ? ascii : null;
  }

  private static URI uriOrNull(String text) {
    try {
      return new URI(text);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }

  @org.junit.jupiter.api.Test
  void theReferencesSeeWhatTheyShould() {
    assertThat(idnReference("B\u00fccher.example")).isEqualTo("xn--bcher-kva.example");
    assertThat(idnReference("a..b")).isNull();
    assertThatThrownBy(() -> HostPatterns.parse("*")).isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.math.BigInteger;
import java.net.IDN;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class ClientBindingTest {

  // ---- IP addresses and CIDR blocks ------------------------------------------------------------

  @Test
  void parsesAddressLiteralsStrictly() throws Exception {
    assertThat(IpAddresses.format(IpAddresses.parse("10.1.2.3"))).isEqualTo("10.1.2.3");
    assertThat(IpAddresses.format(IpAddresses.parse("::1"))).isEqualTo("0:0:0:0:0:0:0:1");
    assertThat(IpAddresses.format(IpAddresses.parse("2001:DB8::8:800:200C:417A")))
        .isEqualTo("2001:db8:0:0:8:800:200c:417a");
    assertThat(IpAddresses.parse("::ffff:192.0.2.1")).containsExactly(192, 0, 2, 1);
    assertThat(IpAddresses.parse("64:ff9b::192.0.2.33")).hasSize(16);
    String[] bad = {
      null,
      "",
      "1.2.3",
      "1.2.3.4.5",
      "256.1.1.1",
      "01.2.3.4",
      "1.2.3.-4",
      "1.2.3.4 ",
      "a.b.c.d",
      ":::",
      "1::2::3",
      "12345::",
      "1:2:3:4:5:6:7:8:9",
      "fe80::1%eth0",
      "::g",
      "localhost",
      "example.com",
      "１.２.３.４",
      "x".repeat(100),
      "1:2:3:4:5:6:7::8:9"
    };
    for (String s : bad) {
      assertThat(IpAddresses.parse(s)).as(String.valueOf(s)).isNull();
    }
    assertThat(InetAddress.getByName("1.2.3.4").getAddress())
        .containsExactly(IpAddresses.parse("1.2.3.4"));
  }

  @Test
  void cidrBlocksAreValidated() {
    assertThat(IpAddresses.parseCidr("10.0.0.0/8").text()).isEqualTo("10.0.0.0/8");
    assertThat(IpAddresses.parseCidr("2001:db8::/32").text()).isEqualTo("2001:db8:0:0:0:0:0:0/32");
    assertThat(IpAddresses.parseCidr("192.0.2.7").text()).isEqualTo("192.0.2.7/32");
    assertThat(IpAddresses.parseCidr("0.0.0.0/0").contains(IpAddresses.parse("8.8.8.8"))).isTrue();
    String[][] bad = {
      {"10.0.0.1/8", "host bits"}, {"10.0.0.0/33", "0 to 32"}, {"::/129", "0 to 128"},
      {"10.0.0.0/", "number"}, {"10.0.0.0/x", "number"}, {"10.0.0.0/-1", "number"},
      {"example.com/8", "not an IPv4"}, {"", "not an IPv4"}, {"10.0.0.0/8/8", "number"}
    };
    for (String[] c : bad) {
      assertThatThrownBy(() -> IpAddresses.parseCidr(c[0]))
          .as(c[0])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(c[1]);
    }
  }

  /** CIDR membership agrees with a BigInteger reference on random addresses and prefixes. */
  @Test
  void cidrMembershipAgreesWithABigIntegerReference() {
    Gen<Integer> family = Generate.pick(List.of(4, 16));
    Gen<List<Integer>> bytes = lists().of(integers().between(0, 255)).ofSize(32);
    qt().withExamples(2000)
        .forAll(family, bytes, integers().between(0, 128), integers().between(0, 200))
        .checkAssert(
            (len, raw, prefixSeed, flip) -> {
              byte[] a = new byte[len];
              byte[] b = new byte[len];
              for (int i = 0; i < len; i++) {
                a[i] = (byte) (int) raw.get(i);
                b[i] = (byte) (int) raw.get(16 + i);
              }
              // Often make b share a long prefix with a, so both outcomes occur.
              int shared = flip % (len * 8 + 1);
              for (int bit = 0; bit < shared; bit++) {
                int mask = 0x80 >>> (bit % 8);
                b[bit / 8] = (byte) ((b[bit / 8] & ~mask) | (a[bit / 8] & mask));
              }
              int max = len * 8;
              int prefix = prefixSeed % (max + 1);
              BigInteger ai = new BigInteger(1, a);
              BigInteger bi = new BigInteger(1, b);
              BigInteger network = ai.shiftRight(max - prefix).shiftLeft(max - prefix);
              boolean expected = bi.shiftRight(max - prefix).equals(ai.shiftRight(max - prefix));
              byte[] net = toBytes(network, len);
              IpAddresses.Cidr cidr = IpAddresses.parseCidr(IpAddresses.format(net) + "/" + prefix);
              assertThat(cidr.contains(b)).isEqualTo(expected);
              assertThat(cidr.contains(a)).isTrue();
              // Formatting and parsing round-trip for any address.
              if (!(len == 16 && isV4Mapped(b))) {
                assertThat(IpAddresses.parse(IpAddresses.format(b))).containsExactly(b);
              }
            });
  }

  private static boolean isV4Mapped(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return v6[10] == (byte) 0xFF && v6[11] == (byte) 0xFF;
  }

  private static byte[] toBytes(BigInteger value, int len) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[len];
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
    return out;
  }

  /**
   * IPv4 literals parse as the substring-and-parseInt reading did before it went allocation-free.
   */
  @Test
  void ipv4ParsingAgreesWithAReference() {
    List<String> octets =
        List.of(
            "0", "00", "01", "000", "1", "9", "10", "99", "100", "199", "249", "255", "256", "300",
            "999", "1000", "", "a", " 1", "1 ", "-1", "+1", "1.");
    qt().withExamples(5000)
        .forAll(lists().of(Generate.pick(octets)).ofSizeBetween(1, 6))
        .checkAssert(
            parts -> {
              String text = String.join(".", parts);
              assertThat(IpAddresses.parse(text)).as(text).isEqualTo(referenceV4(text));
            });
    qt().withExamples(2000)
        .forAll(
            integers().between(0, 300),
            integers().between(0, 300),
            integers().between(0, 300),
            integers().between(0, 300))
        .checkAssert(
            (a, b, c, d) -> {
              String text = a + "." + b + "." + c + "." + d;
              assertThat(IpAddresses.parse(text)).as(text).isEqualTo(referenceV4(text));
            });
  }

  private static byte @Nullable [] referenceV4(String text) {
    if (text.isEmpty()) {
      return null;
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty()
          || p.length() > 3
          || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')
          || (p.length() > 1 && p.charAt(0) == '0')
          || Integer.parseInt(p) > 255) {
        return null;
      }
      out[i] = (byte) Integer.parseInt(p);
    }
    return out;
  }

  @Test
  void addressParsingNeverThrows() {
    qt().withExamples(3000)
        .forAll(strings().ascii().ofLengthBetween(0, 50))
        .checkAssert(s -> IpAddresses.parse(s));
    qt().withExamples(1000)
        .forAll(strings().allPossible().ofLengthBetween(0, 50))
        .checkAssert(
            s -> {
              try {
                IpAddresses.parseCidr(s);
              } catch (IllegalArgumentException expected) {
                // typed rejection
              }
            });
  }

  // ---- host patterns ---------------------------------------------------------------------------

  @Test
  void patternsAreValidatedAndCanonical() {
    assertThat(TokenLimits.origins(List.of("Example.COM", "*.example.org:8443")))
        .containsExactly("example.com", "*.example.org:8443");
    assertThat(TokenLimits.origins(List.of("a.example, b.example")))
        .containsExactly("a.example", "b.example");
    assertThat(TokenLimits.origins(List.of("bücher.example")))
        .containsExactly("xn--bcher-kva.example");
    assertThat(TokenLimits.origins(List.of("[::1]:3000")))
        .containsExactly("[0:0:0:0:0:0:0:1]:3000");
    // IPv6 literals without a port, and patterns that pin the scheme.
    assertThat(TokenLimits.origins(List.of("[::1]", "[2001:DB8::1]:8080")))
        .containsExactly("[0:0:0:0:0:0:0:1]", "[2001:db8:0:0:0:0:0:1]:8080");
    assertThat(
            TokenLimits.origins(
                List.of("HTTPS://Example.com", "http://*.example.org:8080", "https://[::1]")))
        .containsExactly(
            "https://example.com", "http://*.example.org:8080", "https://[0:0:0:0:0:0:0:1]");
    String[] bad = {
      "",
      " ",
      "*",
      "*.",
      "ftp://example.com",
      "https://",
      "https://example.com/",
      "https://https://example.com",
      "*.[::1]",
      "[::1",
      "[::1]:",
      "[not:an:address]",
      "example.com/path",
      "user@example.com",
      "exa*mple.com",
      "*.*.example.com",
      "example..com",
      ".example.com",
      "example.com.",
      "example.com:0",
      "example.com:99999",
      "example.com:http",
      "-bad.example",
      "a,",
      "ex ample.com",
      "example.com?x",
      "x".repeat(300)
    };
    for (String p : bad) {
      assertThatThrownBy(() -> TokenLimits.origins(List.of(p)))
          .as(p)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("host pattern");
    }
  }

  @Test
  void originsMatchPatternsByHostAndPort() {
    HostPatterns.Pattern apex = HostPatterns.parse("example.com");
    HostPatterns.Pattern sub = HostPatterns.parse("*.example.com");
    HostPatterns.Pattern port = HostPatterns.parse("example.com:8443");
    assertThat(apex.matches(origin("https://example.com"))).isTrue();
    assertThat(apex.matches(origin("HTTPS://EXAMPLE.COM"))).isTrue();
    assertThat(apex.matches(origin("http://example.com"))).isTrue();
    assertThat(apex.matches(origin("https://example.com:8443"))).isFalse();
    assertThat(apex.matches(origin("https://www.example.com"))).isFalse();
    assertThat(apex.matches(origin("https://example.com.evil.net"))).isFalse();
    assertThat(sub.matches(origin("https://a.b.example.com"))).isTrue();
    assertThat(sub.matches(origin("https://example.com"))).isFalse();
    assertThat(sub.matches(origin("https://badexample.com"))).isFalse();
    assertThat(port.matches(origin("https://example.com:8443"))).isTrue();
    assertThat(port.matches(origin("https://example.com"))).isFalse();
    // A pinned scheme refuses the other one, on its own default port or any other.
    HostPatterns.Pattern secure = HostPatterns.parse("https://example.com");
    assertThat(secure.matches(origin("https://example.com"))).isTrue();
    assertThat(secure.matches(origin("http://example.com"))).isFalse();
    assertThat(secure.matches(origin("http://example.com:443"))).isFalse();
    assertThat(
            HostPatterns.parse("http://example.com:8080")
                .matches(origin("http://example.com:8080")))
        .isTrue();
    // IPv6 literals with and without ports.
    assertThat(HostPatterns.parse("[::1]:8080").matches(origin("http://[::1]:8080"))).isTrue();
    assertThat(HostPatterns.parse("[::1]").matches(origin("http://[0:0::1]"))).isTrue();
    assertThat(HostPatterns.parse("[::1]").matches(origin("http://[::1]:8080"))).isFalse();
    assertThat(
            HostPatterns.parse("bücher.example").matches(origin("https://xn--bcher-kva.example")))
        .isTrue();
    assertThat(
            HostPatterns.parse("xn--bcher-kva.example").matches(origin("https://BÜCHER.example")))
        .isTrue();
    for (String none :
        new String[] {
          "null",
          "file:///etc/passwd",
          "https://user@example.com",
          "https://example.com/path",
          "ftp://example.com",
          "https://",
          "https://exa mple.com"
        }) {
      assertThat(HostPatterns.originOf(none, null)).as(none).isNull();
    }
    assertThat(HostPatterns.originOf(null, "https://example.com/page?q=1")).isNotNull();
    assertThat(HostPatterns.originOf(null, null)).isNull();
  }

  /** Matching agrees with a label-by-label reference on random hosts and patterns. */
  @Test
  void originMatchingAgreesWithAReference() {
    Gen<String> label = Generate.pick(List.of("a", "b", "example", "com", "evil", "xn--bcher-kva"));
    Gen<List<String>> hosts = lists().of(label).ofSizeBetween(1, 4);
    Gen<Integer> ports = Generate.pick(List.of(-1, 80, 443, 8443));
    // Optional scheme, then optional wildcard.
    Gen<String> prefixes =
        Generate.pick(List.of("", "*.", "http://", "https://", "http://*.", "https://*."));
    qt().withExamples(3000)
        .forAll(hosts, hosts, prefixes, ports)
        .checkAssert(
            (patternLabels, hostLabels, prefix, port) -> {
              boolean wildcard = prefix.endsWith("*.");
              String pinned = prefix.replace("*.", "");
              String patternHost = String.join(".", patternLabels);
              String host = String.join(".", hostLabels);
              String pattern = prefix + patternHost + (port < 0 ? "" : ":" + port);
              for (String scheme : new String[] {"http", "https"}) {
                for (int originPort : new int[] {-1, 80, 443, 8443}) {
                  String url = scheme + "://" + host + (originPort < 0 ? "" : ":" + originPort);
                  int effective = originPort < 0 ? ("http".equals(scheme) ? 80 : 443) : originPort;
                  int wanted = port < 0 ? ("http".equals(scheme) ? 80 : 443) : port;
                  boolean schemeMatches = pinned.isEmpty() || pinned.equals(scheme + "://");
                  boolean hostMatches =
                      wildcard
                          ? hostLabels.size() > patternLabels.size()
                              && hostLabels
                                  .subList(
                                      hostLabels.size() - patternLabels.size(), hostLabels.size())
                                  .equals(patternLabels)
                          : hostLabels.equals(patternLabels);
                  boolean expected = schemeMatches && hostMatches && effective == wanted;
                  assertThat(HostPatterns.parse(pattern).matches(origin(url)))
                      .as(pattern + " vs " + url)
                      .isEqualTo(expected);
                }
              }
            });
  }

  private static HostPatterns.Origin origin(String url) {
    HostPatterns.Origin o = HostPatterns.originOf(url, null);
    assertThat(o).as(url).isNotNull();
    return o;
  }

  /**
   * Host names of plain ASCII letters, digits, hyphens and dots skip {@link java.net.IDN}; for
   * every host the answer stays what IDN followed by the label rules gives.
   */
  @Test
  void asciiHostSkipsIdnOnlyWhereIdnChangesNothing() {
    List<String> pieces =
        List.of(
            "a",
            "Z",
            "0",
            "-",
            ".",
            "..",
            "_",
            "ü",
            "xn--",
            "*",
            " ",
            "é",
            "\u3002",
            "a".repeat(63),
            "b".repeat(64),
            "EXAMPLE",
            "com",
            "-x",
            "x-");
    qt().withExamples(5000)
        .forAll(lists().of(Generate.pick(pieces)).ofSizeBetween(1, 12))
        .checkAssert(
            parts -> {
              String host = String.join("", parts);
              assertThat(HostPatterns.asciiHost(host)).as(host).isEqualTo(asciiHostViaIdn(host));
            });
  }

  /** The rules as they were before the fast path: IDN for every name, then each label checked. */
  private static @Nullable String asciiHostViaIdn(String host) {
    String ascii;
    try {
      ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (ascii.isEmpty() || ascii.length() > 253 || ascii.endsWith(".")) {
      return null;
    }
    for (String label : ascii.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return null;
      }
      if (!label
          .chars()
          .allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return null;
      }
    }
    return ascii;
  }
}

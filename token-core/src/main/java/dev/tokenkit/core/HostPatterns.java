package dev.tokenkit.core;

import java.net.IDN;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Browser host patterns ({@code example.com}, {@code *.example.com}, {@code example.com:8443},
 * {@code https://example.com}, {@code [::1]:8080}) and matching of {@code Origin} / {@code Referer}
 * values against them.
 *
 * <p>Hosts compare case-insensitively in their ASCII (punycode) form. {@code *.example.com} matches
 * subdomains at any depth but not {@code example.com} itself. A pattern with a scheme ({@code
 * http://} or {@code https://}) matches only that scheme; without one, either. A pattern without a
 * port matches only the scheme's default port (80 for http, 443 for https).
 */
final class HostPatterns {

  private static final int MAX_HOST = 253;

  private HostPatterns() {}

  /** A parsed pattern. */
  static final class Pattern {
    final @Nullable String scheme; // null: http or https
    final boolean wildcard;
    final String host;
    final int port; // -1: the scheme's default port

    Pattern(@Nullable String scheme, boolean wildcard, String host, int port) {
      this.scheme = scheme;
      this.wildcard = wildcard;
      this.host = host;
      this.port = port;
    }

    String text() {
      return (scheme == null ? "" : scheme + "://")
          + (wildcard ? "*." : "")
          + host
          + (port < 0 ? "" : ":" + port);
    }

    boolean matches(Origin origin) {
      if (scheme != null && !scheme.equals(origin.scheme)) {
        return false;
      }
      int wanted = port < 0 ? origin.defaultPort : port;
      if (origin.port != wanted) {
        return false;
      }
      if (!wildcard) {
        return origin.host.equals(host);
      }
      return origin.host.length() > host.length() + 1
          && origin.host.endsWith(host)
          && origin.host.charAt(origin.host.length() - host.length() - 1) == '.';
    }
  }

  /** The scheme, host and port of a request's origin. */
  static final class Origin {
    final String scheme;
    final String host;
    final int port;
    final int defaultPort;

    Origin(String scheme, String host, int port, int defaultPort) {
      this.scheme = scheme;
      this.host = host;
      this.port = port;
      this.defaultPort = defaultPort;
    }
  }

  /**
   * Parses one pattern.
   *
   * @throws IllegalArgumentException if it has a scheme other than http or https, a path, userinfo,
   *     bad port, bare or misplaced {@code *}, empty label, or an invalid host name
   */
  static Pattern parse(String text) {
    String t = text.strip();
    if (t.isEmpty() || t.length() > MAX_HOST + 16) {
      throw invalid(text, "must be a host name, optionally *. in front and :port behind");
    }
    String scheme = null;
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      scheme = lower.startsWith("https") ? "https" : "http";
      t = t.substring(scheme.length() + 3);
    }
    if (t.contains("://")
        || t.indexOf('/') >= 0
        || t.indexOf('@') >= 0
        || t.indexOf('?') >= 0
        || t.indexOf('#') >= 0) {
      throw invalid(text, "must not have a path, query, userinfo or a scheme but http or https");
    }
    boolean wildcard = t.startsWith("*.");
    String rest = wildcard ? t.substring(2) : t;
    int port = -1;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && colon > rest.indexOf(']')) { // the colons of an IPv6 literal are not a port
      port = parsePort(rest.substring(colon + 1));
      if (port < 0) {
        throw invalid(text, "port must be 1 to 65535");
      }
      rest = rest.substring(0, colon);
    }
    if (rest.indexOf('*') >= 0) {
      throw invalid(text, "'*' is only allowed as the first label, as in *.example.com");
    }
    String host = asciiHost(rest);
    if (host == null) {
      throw invalid(text, "is not a valid host name");
    }
    if (wildcard && host.charAt(0) == '[') {
      throw invalid(text, "'*.' needs a host name, not an address");
    }
    return new Pattern(scheme, wildcard, host, port);
  }

  /**
   * The origin of a request from its {@code Origin} header, or if that is absent, from its {@code
   * Referer}; null when neither gives an http(s) host. Never throws.
   */
  static @Nullable Origin originOf(@Nullable String originHeader, @Nullable String referer) {
    if (originHeader != null) {
      return parseUrl(originHeader, true);
    }
    return referer == null ? null : parseUrl(referer, false);
  }

  private static @Nullable Origin parseUrl(String url, boolean originOnly) {
    if (url.length() > 2048) {
      return null;
    }
    String lower = url.strip().toLowerCase(Locale.ROOT);
    int defaultPort;
    String rest;
    String scheme;
    if (lower.startsWith("https://")) {
      scheme = "https";
      defaultPort = 443;
      rest = url.strip().substring(8);
    } else if (lower.startsWith("http://")) {
      scheme = "http";
      defaultPort = 80;
      rest = url.strip().substring(7);
    } else {
      return null; // includes "null", file:, data:, extensions
    }
    int end = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    if (originOnly
        && end != rest.length()
        && !(end == rest.length() - 1 && rest.charAt(end) == '/')) {
      return null; // an Origin header has no path
    }
    String authority = rest.substring(0, end);
    if (authority.indexOf('@') >= 0) {
      return null;
    }
    int port = defaultPort;
    int colon = authority.lastIndexOf(':');
    if (colon >= 0 && authority.indexOf(']') < colon) {
      port = parsePort(authority.substring(colon + 1));
      if (port < 0) {
        return null;
      }
      authority = authority.substring(0, colon);
    }
    String host = asciiHost(authority);
    return host == null ? null : new Origin(scheme, host, port, defaultPort);
  }

  /** 1..65535, or -1. */
  private static int parsePort(String digits) {
    if (digits.isEmpty() || digits.length() > 5) {
      return -1;
    }
    int port = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      port = port * 10 + (c - '0');
    }
    return port >= 1 && port <= 65535 ? port : -1;
  }

  /** The lower-case ASCII (punycode) form of a host name or bracketed IPv6 literal, or null. */
  static @Nullable String asciiHost(String host) {
    if (host.isEmpty()) {
      return null;
    }
    if (host.charAt(0) == '[') {
      if (host.charAt(host.length() - 1) != ']') {
        return null;
      }
      byte[] address = IpAddresses.parse(host.substring(1, host.length() - 1));
      return address == null || address.length != 16
          ? null
          : "[" + IpAddresses.format(address) + "]";
    }
    String ascii;
    if (isAsciiLettersDigitsHyphensDots(host)) {
      ascii = host.toLowerCase(Locale.ROOT); // what IDN.toASCII gives for it, without its cost
    } else {
      try {
        ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    if (ascii.isEmpty() || ascii.length() > MAX_HOST) {
      return null;
    }
    // Labels of 1 to 63 of [a-z0-9-], not starting or ending with '-'; no empty label, so no
    // trailing dot either.
    int start = 0;
    for (int i = 0; i <= ascii.length(); i++) {
      if (i == ascii.length() || ascii.charAt(i) == '.') {
        int length = i - start;
        if (length == 0
            || length > 63
            || ascii.charAt(start) == '-'
            || ascii.charAt(i - 1) == '-') {
          return null;
        }
        start = i + 1;
      } else {
        char c = ascii.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          return null;
        }
      }
    }
    return ascii;
  }

  private static boolean isAsciiLettersDigitsHyphensDots(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.')) {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException invalid(String text, String rule) {
    return new IllegalArgumentException("host pattern " + Quoting.quote(text) + " " + rule);
  }
}

package dev.tokenkit.examples;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The request target's raw path and query, checked before any route sees them: printable ASCII
 * only, no backslash, and every {@code %} followed by two hex digits. Anything else is a clean 400
 * in our own words, whichever HTTP server passed it on.
 */
final class RequestTarget {

  private RequestTarget() {}

  /**
   * Throws the 400 answer if the raw path or query of {@code uri} is malformed.
   *
   * @throws ApiException with status 400 and error {@code invalid_request}
   */
  static void check(URI uri) {
    if (!wellFormed(uri.getRawPath()) || !wellFormed(uri.getRawQuery())) {
      throw ApiException.badRequest(
          null,
          "the request path or query is malformed: use printable ASCII, no backslash, and"
              + " %-escapes of two hex digits");
    }
  }

  static boolean wellFormed(@Nullable String raw) {
    if (raw == null) {
      return true;
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= 0x20 || c >= 0x7F || c == '\\') {
        return false;
      }
      if (c == '%'
          && (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2)))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}

package dev.tokenkit.examples;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The request target's raw path and query, checked before any route sees them: printable ASCII
 * only, no backslash, and every {@code %} followed by two hex digits. Anything else is a clean 400
 * in our own words, whichever HTTP server passed it on (Tomcat refuses most of these itself, and
 * {@link JsonErrorReport} words its answer; this filter keeps the rule if a server lets one by).
 */
final class RequestTarget extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      check(request.getRequestURI(), request.getQueryString());
    } catch (ApiException refused) {
      // Before Spring MVC, so written here; the message is our constant, plain ASCII.
      response.setStatus(refused.status);
      response.setContentType("application/json");
      response.setHeader("Cache-Control", "no-store");
      response
          .getOutputStream()
          .write(
              ("{\"error\":\"" + refused.error + "\",\"message\":\"" + refused.getMessage() + "\"}")
                  .getBytes(StandardCharsets.US_ASCII));
      return;
    }
    chain.doFilter(request, response);
  }

  private static final String MALFORMED =
      "the request path or query is malformed: use printable ASCII, no backslash, and"
          + " %-escapes of two hex digits";

  /**
   * Throws the 400 answer if the raw path or query of {@code uri} is malformed.
   *
   * @throws ApiException with status 400 and error {@code invalid_request}
   */
  static void check(URI uri) {
    check(uri.getRawPath(), uri.getRawQuery());
  }

  /** As {@link #check(URI)}, for a raw path and query as the server received them. */
  static void check(@Nullable String rawPath, @Nullable String rawQuery) {
    if (!wellFormed(rawPath) || !wellFormed(rawQuery)) {
      throw ApiException.badRequest(null, MALFORMED);
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

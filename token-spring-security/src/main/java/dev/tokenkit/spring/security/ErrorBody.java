package dev.tokenkit.spring.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;

/**
 * The JSON error answer, written without a library: {@code {"error": reason, "message": text}}, or
 * as an RFC 9457 problem ({@code application/problem+json}: {@code title}, {@code status}, {@code
 * detail}, {@code instance}, and the extension members {@code error} and {@code message}, the same
 * text as {@code detail}, so that a client written for the plain answer reads a problem too).
 */
final class ErrorBody {

  private ErrorBody() {}

  private static void write(HttpServletResponse response, int status, String error, String message)
      throws IOException {
    start(response, status, "application/json")
        .write("{\"error\":" + quote(error) + ",\"message\":" + quote(message) + "}");
  }

  static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      boolean problem,
      int status,
      String error,
      String message)
      throws IOException {
    if (!problem) {
      write(response, status, error, message);
      return;
    }
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    start(response, status, "application/problem+json")
        .write(
            "{\"title\":"
                + quote(title)
                + ",\"status\":"
                + status
                + ",\"detail\":"
                + quote(message)
                + ",\"instance\":"
                + quote(request.getRequestURI())
                + ",\"error\":"
                + quote(error)
                + ",\"message\":"
                + quote(message)
                + "}");
  }

  private static PrintWriter start(HttpServletResponse response, int status, String type)
      throws IOException {
    response.setStatus(status);
    response.setContentType(type);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    return response.getWriter();
  }

  /** A JSON string literal for {@code text}. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}

package dev.tokenkit.examples;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/** Request bodies, at most {@link #MAX_BYTES}: anything longer is a 413 without being kept. */
final class RequestBodies {

  static final int MAX_BYTES = 64 * 1024;

  private RequestBodies() {}

  /** The whole body. */
  static byte[] read(HttpServletRequest request) throws IOException {
    return read(request, MAX_BYTES);
  }

  /** The whole body, refusing more than {@code max} bytes. */
  static byte[] read(HttpServletRequest request, int max) throws IOException {
    if (request.getContentLengthLong() > max) {
      throw tooLarge(max);
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(max + 1);
    } catch (IOException e) {
      // A body shorter than its Content-Length, or too slow: the connector's read timed out.
      throw new ApiException(408, "timeout", "the request body did not arrive in time", null, null);
    }
    if (body.length > max) {
      throw tooLarge(max);
    }
    return body;
  }

  static ApiException timedOut() {
    return new ApiException(408, "timeout", "the request body did not arrive in time", null, null);
  }

  static ApiException tooLarge(int max) {
    return new ApiException(
        413, "too_large", "request bodies are limited to " + max + " bytes", null, null);
  }
}

package dev.tokenkit.core;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an HTTP request that an HTTP message signature (RFC 9421) covers, as the server
 * received them: method, target URI, header fields and body. The host builds one per request for
 * {@link SignedRequestVerifier#verifyMessage}; names of header fields are case-insensitive, and a
 * field sent on several lines keeps every line in order.
 *
 * <pre>{@code
 * HttpRequestParts request = HttpRequestParts.builder()
 *     .method("PUT")
 *     .targetUri(URI.create("https://api.example.com/content/docs?draft=1"))
 *     .header("Content-Digest", contentDigestHeader)
 *     .header("Signature-Input", signatureInputHeader)
 *     .header("Signature", signatureHeader)
 *     .body(bodyBytes)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; the body is copied in and out.
 */
public final class HttpRequestParts {

  private final String method;
  private final URI targetUri;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private HttpRequestParts(Builder b, URI targetUri) {
    this.method = b.method == null ? "" : b.method;
    this.targetUri = targetUri;
    Map<String, List<String>> copy = new TreeMap<>();
    b.headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    this.headers = Collections.unmodifiableMap(copy);
    this.body = b.body.clone();
  }

  /** An empty builder; method and an absolute target URI are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The request method, as sent (e.g. {@code GET}). */
  String method() {
    return method;
  }

  /** The absolute target URI: scheme, authority, path and query as the client addressed them. */
  URI targetUri() {
    return targetUri;
  }

  /** Every line of the header field {@code name} (any case), in order; empty if absent. */
  List<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null ? List.of() : values;
  }

  /** The body (a copy); empty when there is none. */
  byte[] body() {
    return body.clone();
  }

  /** The body's length, without copying it. */
  int bodyLength() {
    return body.length;
  }

  @Override
  public String toString() {
    return "HttpRequestParts[" + method + " " + targetUri + ", " + body.length + " bytes]";
  }

  /** Builds {@link HttpRequestParts}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String method;
    private @Nullable URI targetUri;
    private final Map<String, List<String>> headers = new TreeMap<>();
    private byte[] body = new byte[0];

    private Builder() {}

    /** The request method (required). */
    public Builder method(@Nullable String method) {
      this.method = method;
      return this;
    }

    /** The absolute target URI (required). */
    public Builder targetUri(@Nullable URI targetUri) {
      this.targetUri = targetUri;
      return this;
    }

    /**
     * Adds one line of a header field; call again for further lines of the same field.
     *
     * @throws IllegalArgumentException if the name is empty or either is null
     */
    public Builder header(@Nullable String name, @Nullable String value) {
      if (name == null || name.isEmpty() || value == null) {
        throw new IllegalArgumentException("header name and value are required");
      }
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value);
      return this;
    }

    /** The body (copied); null or absent means empty. */
    public Builder body(byte @Nullable [] body) {
      this.body = body == null ? new byte[0] : body.clone();
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalArgumentException if the method is missing or not a token, or the target URI
     *     is missing or not absolute with a host
     */
    public HttpRequestParts build() {
      if (method == null || method.isEmpty() || !method.chars().allMatch(Builder::isTchar)) {
        throw new IllegalArgumentException("method must be an HTTP method token");
      }
      URI target = targetUri;
      if (target == null || !target.isAbsolute() || target.getRawAuthority() == null) {
        throw new IllegalArgumentException("targetUri must be absolute, with a host");
      }
      return new HttpRequestParts(this, target);
    }

    private static boolean isTchar(int c) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
  }
}

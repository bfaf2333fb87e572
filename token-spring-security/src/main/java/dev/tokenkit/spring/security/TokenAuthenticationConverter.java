package dev.tokenkit.spring.security;

import dev.tokenkit.core.RequestContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the token a request presents, in this order: {@code Authorization: Bearer} (an API, server
 * or browser token, or a long-term JWT, told apart by shape: a JWT has three dot-separated parts),
 * then an API-key header such as {@code X-API-Key} if enabled (the same tokens, without the
 * scheme), then the signed-request header if enabled. The request's remote address, {@code Origin}
 * and {@code Referer} travel with it for the client checks (browser tokens need {@code Origin}).
 *
 * <p>Answers null when the request presents none of these (including other {@code Authorization}
 * schemes such as Basic), so other mechanisms and the entry point take over. Immutable and
 * thread-safe.
 */
public final class TokenAuthenticationConverter implements AuthenticationConverter {

  /** The default signed-request header. */
  public static final String DEFAULT_SIGNATURE_HEADER = "X-Token-Signature";

  private static final String BEARER = "bearer";

  private final boolean signedRequests;
  private final String signatureHeader;
  private final @Nullable String apiKeyHeader;

  private TokenAuthenticationConverter(
      boolean signedRequests, String signatureHeader, @Nullable String apiKeyHeader) {
    this.signedRequests = signedRequests;
    this.signatureHeader = signatureHeader;
    this.apiKeyHeader = apiKeyHeader;
  }

  /** A converter for bearer tokens and JWTs only. */
  public static TokenAuthenticationConverter bearer() {
    return new TokenAuthenticationConverter(false, DEFAULT_SIGNATURE_HEADER, null);
  }

  /**
   * This converter, also reading signed requests from {@code header}.
   *
   * @throws IllegalArgumentException if {@code header} is not a usable header name
   */
  public TokenAuthenticationConverter withSignedRequests(@Nullable String header) {
    String name = headerName("signature header", header);
    if (name.equalsIgnoreCase(apiKeyHeader)) {
      throw new IllegalArgumentException("signature header must differ from the API-key header");
    }
    return new TokenAuthenticationConverter(true, name, apiKeyHeader);
  }

  /**
   * This converter, also reading tokens (API, server and browser tokens, or long-term JWTs) from
   * {@code header}, for clients that send {@code X-API-Key: <token>}. {@code Authorization: Bearer}
   * still wins when a request sends both.
   *
   * @throws IllegalArgumentException if {@code header} is not a usable header name, or is {@code
   *     Authorization}
   */
  public TokenAuthenticationConverter withApiKeyHeader(@Nullable String header) {
    String name = headerName("API-key header", header);
    if (signedRequests && name.equalsIgnoreCase(signatureHeader)) {
      throw new IllegalArgumentException("API-key header must differ from the signature header");
    }
    return new TokenAuthenticationConverter(signedRequests, signatureHeader, name);
  }

  /** A header name: an RFC 9110 token other than {@code Authorization}. */
  static String headerName(String what, @Nullable String header) {
    if (header == null || header.isBlank()) {
      throw new IllegalArgumentException(what + " name must be non-blank");
    }
    if (header.length() > 64 || !header.chars().allMatch(TokenAuthenticationConverter::isTchar)) {
      throw new IllegalArgumentException(
          what + " name must be 1 to 64 letters, digits or !#$%&'*+-.^_`|~");
    }
    if (header.equalsIgnoreCase("Authorization")) {
      throw new IllegalArgumentException(what + " name must not be Authorization");
    }
    return header;
  }

  private static boolean isTchar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  @Override
  public @Nullable Authentication convert(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && isBearer(authorization)) {
      // An empty or garbled value is still ours: the provider answers it with invalid_token.
      return credentials(authorization.substring(BEARER.length()).strip(), request);
    }
    String apiKey = apiKeyHeader == null ? null : request.getHeader(apiKeyHeader);
    if (apiKey != null) {
      return credentials(apiKey.strip(), request);
    }
    if (signedRequests) {
      String signature = request.getHeader(signatureHeader);
      if (signature != null) {
        return new TokenCredentials(TokenCredentials.Form.SIGNED, signature, context(request));
      }
    }
    return null;
  }

  private static TokenCredentials credentials(String token, HttpServletRequest request) {
    TokenCredentials.Form form =
        looksLikeJwt(token) ? TokenCredentials.Form.JWT : TokenCredentials.Form.BEARER;
    return new TokenCredentials(form, token, context(request));
  }

  private static boolean isBearer(String authorization) {
    return authorization.length() >= BEARER.length()
        && authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)
        && (authorization.length() == BEARER.length()
            || authorization.charAt(BEARER.length()) == ' ');
  }

  private static boolean looksLikeJwt(String token) {
    int first = token.indexOf('.');
    return first > 0
        && token.indexOf('.', first + 1) > first
        && token.chars().filter(c -> c == '.').count() == 2;
  }

  private static RequestContext context(HttpServletRequest request) {
    return RequestContext.builder()
        .clientAddress(request.getRemoteAddr())
        .origin(request.getHeader("Origin"))
        .referer(request.getHeader("Referer"))
        .build();
  }

  @Override
  public String toString() {
    return "TokenAuthenticationConverter[signedRequests="
        + signedRequests
        + (signedRequests ? ", header=" + signatureHeader : "")
        + (apiKeyHeader != null ? ", apiKeyHeader=" + apiKeyHeader : "")
        + "]";
  }
}

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
 * then the signed-request header if enabled. The request's remote address, {@code Origin} and
 * {@code Referer} travel with it for the client checks (browser tokens need {@code Origin}).
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

  private TokenAuthenticationConverter(boolean signedRequests, String signatureHeader) {
    this.signedRequests = signedRequests;
    this.signatureHeader = signatureHeader;
  }

  /** A converter for bearer tokens and JWTs only. */
  public static TokenAuthenticationConverter bearer() {
    return new TokenAuthenticationConverter(false, DEFAULT_SIGNATURE_HEADER);
  }

  /**
   * This converter, also reading signed requests from {@code header}.
   *
   * @throws IllegalArgumentException if {@code header} is null or blank
   */
  public TokenAuthenticationConverter withSignedRequests(@Nullable String header) {
    if (header == null || header.isBlank()) {
      throw new IllegalArgumentException("signature header name must be non-blank");
    }
    return new TokenAuthenticationConverter(true, header);
  }

  @Override
  public @Nullable Authentication convert(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && isBearer(authorization)) {
      // An empty or garbled value is still ours: the provider answers it with invalid_token.
      String token = authorization.substring(BEARER.length()).strip();
      TokenCredentials.Form form =
          looksLikeJwt(token) ? TokenCredentials.Form.JWT : TokenCredentials.Form.BEARER;
      return new TokenCredentials(form, token, context(request));
    }
    if (signedRequests) {
      String signature = request.getHeader(signatureHeader);
      if (signature != null) {
        return new TokenCredentials(TokenCredentials.Form.SIGNED, signature, context(request));
      }
    }
    return null;
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
        + "]";
  }
}

package dev.tokenkit.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Extracts the token from an HTTP {@code Authorization} header value ({@code Bearer <token>}, RFC
 * 6750 §2.1). Stateless and thread-safe.
 */
public final class BearerToken {

  private static final String SCHEME = "Bearer";

  /** Longer header values are refused before any scanning. */
  private static final int MAX_HEADER_LENGTH = TokenFormat.MAX_LENGTH + 64;

  private BearerToken() {}

  /**
   * The token in {@code header}: the scheme {@code Bearer} in any letter case, one or more spaces
   * or tabs, then exactly one credential with no inner whitespace, surrounding whitespace ignored.
   * Anything else (null, blank, another scheme, two credentials, a comma-separated list, an
   * over-long value) gives empty, which {@link TokenService#authenticate} treats as {@link
   * RejectionReason#MALFORMED}. Never throws.
   */
  public static Optional<String> fromAuthorizationHeader(@Nullable String header) {
    if (header == null || header.length() > MAX_HEADER_LENGTH) {
      return Optional.empty();
    }
    int start = skipWhitespace(header, 0);
    int end = header.length();
    while (end > start && isWhitespace(header.charAt(end - 1))) {
      end--;
    }
    int schemeEnd = start + SCHEME.length();
    if (schemeEnd >= end
        || !header.regionMatches(true, start, SCHEME, 0, SCHEME.length())
        || !isWhitespace(header.charAt(schemeEnd))) {
      return Optional.empty();
    }
    int tokenStart = skipWhitespace(header, schemeEnd);
    for (int i = tokenStart; i < end; i++) {
      char c = header.charAt(i);
      if (isWhitespace(c) || c == ',' || c < 0x21 || c > 0x7E) {
        return Optional.empty();
      }
    }
    return tokenStart < end ? Optional.of(header.substring(tokenStart, end)) : Optional.empty();
  }

  private static int skipWhitespace(String s, int from) {
    int i = from;
    while (i < s.length() && isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }
}

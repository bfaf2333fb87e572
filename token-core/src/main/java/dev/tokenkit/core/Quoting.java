package dev.tokenkit.core;

/** Quotes user input for error messages: cut short, non-printable characters escaped. */
final class Quoting {

  private static final int MAX_QUOTED = 64;

  private Quoting() {}

  /** {@code text} in double quotes, at most 64 characters, with non-ASCII as {@code \\uXXXX}. */
  public static String quote(String text) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < Math.min(text.length(), MAX_QUOTED); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append(text.length() > MAX_QUOTED ? "...\"" : "\"").toString();
  }
}

package dev.tokenkit.core;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The part of RFC 8941 (Structured Field Values for HTTP) that HTTP message signatures use:
 * dictionaries whose members are inner lists of strings or single items, with parameters; bare
 * items are integers, strings, tokens, booleans and byte sequences. Parsing is strict and never
 * throws: anything else gives null. Serialization is the canonical one of RFC 8941 section 4.1.
 */
final class StructuredFields {

  /** The longest field value parsed, in characters. */
  private static final int MAX_LENGTH = 8192;

  private final String text;
  private int pos;

  private StructuredFields(String text) {
    this.text = text;
  }

  /** A token bare item (unquoted), told apart from a string. */
  public record Token(String value) {}

  /**
   * One dictionary member: an inner list of strings (items without parameters), or a single item;
   * and the member's parameters in order.
   */
  public static final class Member {
    public final String key;
    public final @Nullable List<String> innerList;
    public final @Nullable Object item;
    public final Map<String, Object> params;

    Member(
        String key,
        @Nullable List<String> innerList,
        @Nullable Object item,
        Map<String, Object> params) {
      this.key = key;
      this.innerList = innerList;
      this.item = item;
      this.params = params;
    }
  }

  /** The members of a dictionary field value, in order; null if it is not one (or too long). */
  public static @Nullable List<Member> dictionary(@Nullable String value) {
    if (value == null || value.length() > MAX_LENGTH) {
      return null;
    }
    try {
      return new StructuredFields(value).parseDictionary();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The canonical serialization of an inner list of strings with parameters. */
  public static String innerList(List<String> items, Map<String, Object> params) {
    StringBuilder out = new StringBuilder("(");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        out.append(' ');
      }
      string(out, items.get(i));
    }
    out.append(')');
    params.forEach(
        (key, value) -> {
          out.append(';').append(key);
          if (!Boolean.TRUE.equals(value)) {
            out.append('=');
            bareItem(out, value);
          }
        });
    return out.toString();
  }

  /** The canonical serialization of a byte sequence. */
  public static String byteSequence(byte[] bytes) {
    return ":" + Base64.getEncoder().encodeToString(bytes) + ":";
  }

  private static void bareItem(StringBuilder out, Object value) {
    if (value instanceof Long n) {
      out.append(n);
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Token t) {
      out.append(t.value());
    } else if (value instanceof Boolean b) {
      out.append(b ? "?1" : "?0");
    } else if (value instanceof byte[] bytes) {
      out.append(byteSequence(bytes));
    } else {
      throw new IllegalArgumentException("not a bare item");
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }

  // ---- parsing (RFC 8941 section 4.2); failures throw IllegalArgumentException internally ----

  private List<Member> parseDictionary() {
    List<Member> members = new ArrayList<>();
    skipSpaces();
    while (pos < text.length()) {
      String key = key();
      List<String> inner = null;
      Object item = true;
      if (peek() == '=') {
        pos++;
        if (peek() == '(') {
          inner = innerListOfStrings();
        } else {
          item = bareItem();
        }
      }
      Map<String, Object> params = params();
      for (Member m : members) {
        if (m.key.equals(key)) {
          throw new IllegalArgumentException("duplicate key"); // the last would win: refuse
        }
      }
      members.add(new Member(key, inner, inner == null ? item : null, params));
      skipOws();
      if (pos == text.length()) {
        return members;
      }
      expect(',');
      skipOws();
      if (pos == text.length()) {
        throw new IllegalArgumentException("trailing comma");
      }
    }
    throw new IllegalArgumentException("empty");
  }

  private List<String> innerListOfStrings() {
    expect('(');
    List<String> items = new ArrayList<>();
    while (true) {
      skipSpaces();
      if (peek() == ')') {
        pos++;
        return items;
      }
      if (!(bareItem() instanceof String s)) {
        throw new IllegalArgumentException("inner list items must be strings");
      }
      if (peek() == ';') {
        throw new IllegalArgumentException("item parameters are not supported");
      }
      items.add(s);
      char next = peek();
      if (next != ' ' && next != ')') {
        throw new IllegalArgumentException("expected space or )");
      }
    }
  }

  private Map<String, Object> params() {
    Map<String, Object> params = new LinkedHashMap<>();
    while (peek() == ';') {
      pos++;
      skipSpaces();
      String key = key();
      Object value = true;
      if (peek() == '=') {
        pos++;
        value = bareItem();
      }
      if (params.put(key, value) != null) {
        throw new IllegalArgumentException("duplicate parameter");
      }
    }
    return params;
  }

  private String key() {
    int start = pos;
    char first = peek();
    if (!(first >= 'a' && first <= 'z') && first != '*') {
      throw new IllegalArgumentException("key");
    }
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "_-.*".indexOf(c) >= 0) {
        pos++;
      } else {
        break;
      }
    }
    return text.substring(start, pos);
  }

  private Object bareItem() {
    char c = peek();
    if (c == '-' || (c >= '0' && c <= '9')) {
      return integer();
    }
    if (c == '"') {
      return quoted();
    }
    if (c == ':') {
      return bytes();
    }
    if (c == '?') {
      pos++;
      char b = next();
      if (b != '0' && b != '1') {
        throw new IllegalArgumentException("boolean");
      }
      return b == '1';
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*') {
      return token();
    }
    throw new IllegalArgumentException("bare item");
  }

  private Long integer() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == digits || pos - digits > 15 || peek() == '.') {
      throw new IllegalArgumentException("integer"); // decimals are not used here
    }
    return Long.parseLong(text, start, pos, 10);
  }

  private String quoted() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        char e = next();
        if (e != '"' && e != '\\') {
          throw new IllegalArgumentException("escape");
        }
        out.append(e);
      } else if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException("string character");
      } else {
        out.append(c);
      }
    }
  }

  private byte[] bytes() {
    expect(':');
    int end = text.indexOf(':', pos);
    if (end < 0) {
      throw new IllegalArgumentException("byte sequence");
    }
    String b64 = text.substring(pos, end);
    pos = end + 1;
    return Base64.getDecoder().decode(b64); // throws IllegalArgumentException when not base64
  }

  private Token token() {
    int start = pos;
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~:/".indexOf(c) >= 0) {
        pos++;
      } else {
        break;
      }
    }
    return new Token(text.substring(start, pos));
  }

  private void skipSpaces() {
    while (pos < text.length() && text.charAt(pos) == ' ') {
      pos++;
    }
  }

  private void skipOws() {
    while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private char next() {
    if (pos >= text.length()) {
      throw new IllegalArgumentException("end of input");
    }
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalArgumentException("expected " + c);
    }
  }
}

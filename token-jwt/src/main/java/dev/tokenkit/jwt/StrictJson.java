package dev.tokenkit.jwt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A strict RFC 8259 parser for the JSON object of a JWT header or claims set. Stricter than the
 * lenient defaults of general parsers: no comments, single quotes, unquoted names, trailing commas,
 * {@code NaN} or infinities; duplicate member names, nesting deeper than a limit and anything after
 * the object are refused. Values are {@code Map<String, Object>}, {@code List<Object>}, {@code
 * String}, {@code Long} (integers that fit), {@code Double} (other numbers), {@code Boolean} and
 * null. Written for speed on the verify path: one pass, no reflection, no intermediate tokens.
 */
final class StrictJson {

  /** The longest number literal accepted, in characters. */
  static final int MAX_NUMBER = 40;

  private final String text;
  private final int maxDepth;
  private int pos;

  private StrictJson(String text, int maxDepth) {
    this.text = text;
    this.maxDepth = maxDepth;
  }

  /** The object {@code text} holds, or null if it is not exactly one strict JSON object. */
  static @Nullable Map<String, @Nullable Object> parseObject(String text, int maxDepth) {
    StrictJson parser = new StrictJson(text, maxDepth);
    try {
      parser.skipWhitespace();
      if (parser.peek() != '{') {
        return null;
      }
      Map<String, @Nullable Object> object = parser.object(1);
      parser.skipWhitespace();
      return parser.pos == text.length() ? object : null;
    } catch (Malformed e) {
      return null;
    }
  }

  private Map<String, @Nullable Object> object(int depth) {
    Map<String, @Nullable Object> members = new HashMap<>();
    if (openIsEmpty('{', '}', depth)) {
      return members;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw new Malformed();
      }
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = value(depth);
      if (members.containsKey(name)) {
        throw new Malformed(); // duplicate member: which one counts is ambiguous, so neither
      }
      members.put(name, value);
      if (closesAfterItem('}')) {
        return members;
      }
    }
  }

  private List<@Nullable Object> array(int depth) {
    List<@Nullable Object> items = new ArrayList<>();
    if (openIsEmpty('[', ']', depth)) {
      return items;
    }
    while (true) {
      skipWhitespace();
      items.add(value(depth));
      if (closesAfterItem(']')) {
        return items;
      }
    }
  }

  /**
   * Consumes the opening bracket of a container at {@code depth} (refused beyond the limit), and
   * the closing one too if the container is empty; whether it was.
   */
  private boolean openIsEmpty(char open, char close, int depth) {
    if (depth > maxDepth) {
      throw new Malformed();
    }
    expect(open);
    skipWhitespace();
    if (peek() == close) {
      pos++;
      return true;
    }
    return false;
  }

  /** After an item: true at the closing bracket, false at a comma (another item follows). */
  private boolean closesAfterItem(char close) {
    skipWhitespace();
    char c = next();
    if (c == close) {
      return true;
    }
    if (c != ',') {
      throw new Malformed();
    }
    return false;
  }

  /** A value inside a container at {@code depth}; null stands for JSON null. */
  private @Nullable Object value(int depth) {
    char c = peek();
    return switch (c) {
      case '{' -> object(depth + 1);
      case '[' -> array(depth + 1);
      case '"' -> string();
      case 't' -> literal("true", true);
      case 'f' -> literal("false", false);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw new Malformed();
      }
    };
  }

  private String string() {
    expect('"');
    int start = pos;
    // Fast path: no escapes, the string is a substring.
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '"') {
        return text.substring(start, pos++);
      }
      if (c == '\\') {
        break;
      }
      if (c < 0x20) {
        throw new Malformed();
      }
      pos++;
    }
    // Sized by what was read so far, never by what remains: the rest of an 8 kB input may hold
    // hundreds of escaped strings.
    StringBuilder sb = new StringBuilder(pos - start + 16);
    sb.append(text, start, pos);
    while (true) {
      char c = next();
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw new Malformed();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> sb.append(hex4());
        default -> throw new Malformed();
      }
    }
  }

  private char hex4() {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(next(), 16);
      if (d < 0) {
        throw new Malformed();
      }
      v = v << 4 | d;
    }
    return (char) v;
  }

  /**
   * RFC 8259 number grammar, at most {@value #MAX_NUMBER} characters (RFC 8259 section 9 lets
   * parsers limit numbers; a JWT's are dates); a Long when integral and in range, else a finite
   * Double. Never throws anything but {@link Malformed}: exceptions cost far more than parsing.
   */
  private Object number() {
    int start = pos;
    boolean integral = true;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (peek() == '.') {
      pos++;
      integral = false;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      integral = false;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
    }
    if (pos - start > MAX_NUMBER) {
      throw new Malformed();
    }
    if (integral) {
      Long value = longOrNull(start, pos);
      if (value != null) {
        return value;
      }
      // Too large for a long: a double, like other parsers' long-or-double policy.
    }
    double d = Double.parseDouble(text.substring(start, pos));
    if (Double.isInfinite(d)) {
      throw new Malformed();
    }
    return d;
  }

  /**
   * The integer in {@code text[from, to)} (an optional minus, then digits), or null on overflow.
   */
  private @Nullable Long longOrNull(int from, int to) {
    boolean negative = text.charAt(from) == '-';
    // Accumulate negatively: Long.MIN_VALUE has no positive counterpart.
    long value = 0;
    for (int i = negative ? from + 1 : from; i < to; i++) {
      int digit = text.charAt(i) - '0';
      if (value < (Long.MIN_VALUE + digit) / 10) {
        return null;
      }
      value = value * 10 - digit;
    }
    if (negative) {
      return value;
    }
    return value == Long.MIN_VALUE ? null : -value;
  }

  private void digits() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos == start) {
      throw new Malformed();
    }
  }

  private @Nullable Object literal(String word, @Nullable Object value) {
    if (!text.startsWith(word, pos)) {
      throw new Malformed();
    }
    pos += word.length();
    return value;
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  /** The next character without consuming it; 0 at the end (never valid where it is checked). */
  private char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  private char next() {
    if (pos >= text.length()) {
      throw new Malformed();
    }
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (next() != c) {
      throw new Malformed();
    }
  }

  /** Thrown inside the parser and caught at its entry; cheap: no stack trace. */
  private static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Malformed() {
      super("malformed JSON", null, false, false);
    }
  }
}

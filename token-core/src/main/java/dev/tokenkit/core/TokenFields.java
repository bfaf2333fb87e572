package dev.tokenkit.core;

import dev.tokenkit.store.spi.UseRefill;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Validation of user-supplied token fields; every violation names the field and the rule. */
final class TokenFields {

  static final int MAX_NAME_LENGTH = 100;
  static final int MAX_DESCRIPTION_LENGTH = 1000;
  static final int MAX_OWNER_ID_LENGTH = 256;
  static final int MAX_ATTRIBUTES = 32;
  static final int MAX_ATTRIBUTE_KEY_LENGTH = 64;
  static final int MAX_ATTRIBUTE_VALUE_LENGTH = 1024;

  private TokenFields() {}

  /** The name trimmed and NFC-normalised. */
  static String name(@Nullable String name) {
    if (name == null) {
      throw new IllegalArgumentException("name is required");
    }
    if (name.length() > 4 * MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("name must be at most " + MAX_NAME_LENGTH + " characters");
    }
    String normalized = Normalizer.normalize(name.strip(), Normalizer.Form.NFC);
    int length = normalized.codePointCount(0, normalized.length());
    if (length == 0) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (length > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("name must be at most " + MAX_NAME_LENGTH + " characters");
    }
    requirePrintable("name", normalized, false);
    return normalized;
  }

  /** The description, or "" for null; line breaks and tabs are allowed. */
  static String description(@Nullable String description) {
    if (description == null) {
      return "";
    }
    if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION_LENGTH) {
      throw new IllegalArgumentException(
          "description must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
    }
    requirePrintable("description", description, true);
    return description;
  }

  /** A user id given in {@code field}. */
  static String ownerId(String field, String userId) {
    if (userId.isBlank() || userId.length() > MAX_OWNER_ID_LENGTH) {
      throw new IllegalArgumentException(
          field + " must be 1 to " + MAX_OWNER_ID_LENGTH + " non-blank characters");
    }
    requirePrintable(field, userId, false);
    return userId;
  }

  static Map<String, String> attributes(Map<String, String> attributes) {
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw new IllegalArgumentException("at most " + MAX_ATTRIBUTES + " attributes are allowed");
    }
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      String key = e.getKey();
      if (key.isEmpty() || key.length() > MAX_ATTRIBUTE_KEY_LENGTH || !isAttributeKey(key)) {
        throw new IllegalArgumentException(
            "attribute keys must be 1 to "
                + MAX_ATTRIBUTE_KEY_LENGTH
                + " characters of [A-Za-z0-9._-]");
      }
      if (e.getValue().length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
        throw new IllegalArgumentException(
            "attribute " + key + " must be at most " + MAX_ATTRIBUTE_VALUE_LENGTH + " characters");
      }
      requirePrintable("attribute " + key, e.getValue(), false);
    }
    return attributes;
  }

  private static boolean isAttributeKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Refuses control characters, invisible format characters (bidi overrides, zero-width marks) and
   * unpaired surrogates, which make names render misleadingly.
   */
  private static void requirePrintable(String field, String value, boolean allowLineBreaks) {
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      boolean lineBreak = cp == '\n' || cp == '\r' || cp == '\t';
      int type = Character.getType(cp);
      if ((lineBreak && !allowLineBreaks)
          || (!lineBreak && (type == Character.CONTROL || type == Character.FORMAT))
          || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        throw new IllegalArgumentException(
            field
                + " must not contain control, format or unpaired surrogate characters (found U+"
                + String.format("%04X", cp)
                + ")");
      }
      i += Character.charCount(cp);
    }
  }

  /** A use limit, checked: 1 to {@link UseRefill#MAX_USES} (one bound for limits and refills). */
  static long uses(long uses) {
    if (uses < 1 || uses > UseRefill.MAX_USES) {
      throw new IllegalArgumentException("uses must be 1 to " + UseRefill.MAX_USES);
    }
    return uses;
  }

  /** A refill period, checked as {@link UseRefill} checks it. */
  static Duration usesRefill(@Nullable Duration period) {
    UseRefill.of(1, period, Instant.EPOCH); // throws naming usesRefill
    return Objects.requireNonNull(period);
  }
}

package dev.tokenkit.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A permission {@code resource:action}, or a wildcard: {@code resource:*} (every action of one
 * resource), {@code *:action} (one action of every resource) or {@code *:*} (everything). Each side
 * is {@code *} or starts with {@code [a-z0-9]} followed by {@code [a-z0-9._-]}; the whole is at
 * most {@value #MAX_LENGTH} characters.
 *
 * <p>Immutable and thread-safe.
 */
public final class Permission {

  /** The longest permission string accepted. */
  public static final int MAX_LENGTH = 128;

  static final String ANY = "*";

  private final String resource;
  private final String action;
  private final String text;

  private Permission(String resource, String action) {
    this.resource = resource;
    this.action = action;
    this.text = resource + ":" + action;
  }

  /**
   * Parses {@code resource:action}.
   *
   * @throws IllegalArgumentException if {@code text} is not a well-formed permission
   */
  public static Permission parse(@Nullable String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "permission must be 1 to " + MAX_LENGTH + " characters of the form resource:action");
    }
    int colon = text.indexOf(':');
    if (colon < 0 || text.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException(
          "permission must have exactly one ':' between resource and action: "
              + Quoting.quote(text));
    }
    String resource = text.substring(0, colon);
    String action = text.substring(colon + 1);
    if (!isPart(resource) || !isPart(action)) {
      throw new IllegalArgumentException(
          "permission parts must be '*' or [a-z0-9][a-z0-9._-]*: " + Quoting.quote(text));
    }
    return new Permission(resource, action);
  }

  /**
   * A concrete permission (no wildcard).
   *
   * @throws IllegalArgumentException if either part is malformed or a wildcard
   */
  public static Permission of(@Nullable String resource, @Nullable String action) {
    if (resource == null || action == null) {
      throw new IllegalArgumentException("resource and action are required");
    }
    Permission p = parse(resource + ":" + action);
    if (p.isWildcard()) {
      throw new IllegalArgumentException("use parse for wildcards: " + p);
    }
    return p;
  }

  public String resource() {
    return resource;
  }

  public String action() {
    return action;
  }

  /** Whether either part is {@code *}. */
  public boolean isWildcard() {
    return ANY.equals(resource) || ANY.equals(action);
  }

  /** Whether this permission (possibly a wildcard) covers the concrete {@code other}. */
  public boolean covers(Permission other) {
    return (ANY.equals(resource) || resource.equals(other.resource))
        && (ANY.equals(action) || action.equals(other.action));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Permission p && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(text);
  }

  /** The {@code resource:action} form. */
  @Override
  public String toString() {
    return text;
  }

  private static boolean isPart(String part) {
    if (ANY.equals(part)) {
      return true;
    }
    if (part.isEmpty() || !isLowerAlnum(part.charAt(0))) {
      return false;
    }
    for (int i = 1; i < part.length(); i++) {
      char c = part.charAt(i);
      if (!isLowerAlnum(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}

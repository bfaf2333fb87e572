package dev.tokenkit.examples;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which request field a refusal of the token service is about: its {@link IllegalArgumentException}
 * messages start with the name of the value they refuse ({@code "rootNodes ..."}), which the
 * answers report under the admin API's field names ({@code roots}).
 */
final class RequestFields {

  private static final Map<String, String> FIELD_OF_MESSAGE =
      Map.ofEntries(
          Map.entry("name", "name"),
          Map.entry("description", "description"),
          Map.entry("ownerId", "owner"),
          Map.entry("restrictedUser", "restrictedUser"),
          Map.entry("allowedOrigins", "origins"),
          Map.entry("host", "origins"),
          Map.entry("allowedCidrs", "cidrs"),
          Map.entry("CIDR", "cidrs"),
          Map.entry("not", "cidrs"),
          Map.entry("rootNodes", "roots"),
          Map.entry("scopes", "scopes"),
          Map.entry("permission", "scopes"),
          Map.entry("access", "access"),
          Map.entry("browser", "access"),
          Map.entry("lifetime", "duration"),
          Map.entry("expiresAt", "expiresAt"),
          Map.entry("issueJwt", "issueJwt"),
          Map.entry("gracePeriod", "graceSeconds"));

  private RequestFields() {}

  /** The field a core {@link IllegalArgumentException} message is about, or null. */
  static @Nullable String fieldOf(@Nullable String message) {
    if (message == null) {
      return null;
    }
    int space = message.indexOf(' ');
    return FIELD_OF_MESSAGE.get(space < 0 ? message : message.substring(0, space));
  }
}

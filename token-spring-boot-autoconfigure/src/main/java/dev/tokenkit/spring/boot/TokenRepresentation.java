package dev.tokenkit.spring.boot;

import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.Lifetime;
import dev.tokenkit.core.TokenUpdate;
import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenState;
import dev.tokenkit.store.spi.UseRefill;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tokens as the management API reads and writes them (the reference server's field names). Records
 * never carry secrets; only {@link #issued} adds the one-time fields ({@code token}, {@code
 * key}/{@code secret}, {@code jwt}).
 */
final class TokenRepresentation {

  static final Set<String> CREATE_FIELDS =
      Set.of(
          "kind",
          "name",
          "description",
          "owner",
          "duration",
          "expiresAt",
          "access",
          "scopes",
          "roots",
          "origins",
          "cidrs",
          "restrictedUser",
          "issueJwt",
          "enabled",
          "uses",
          "usesRefill",
          "rateLimits");
  static final Set<String> UPDATE_FIELDS =
      Set.of(
          "name",
          "description",
          "enabled",
          "duration",
          "expiresAt",
          "access",
          "scopes",
          "roots",
          "origins",
          "cidrs",
          "owner",
          "restrictedUser",
          "uses",
          "usesRefill",
          "rateLimits");
  static final Set<String> REGENERATE_FIELDS = Set.of("graceSeconds");

  /** The first word of a core validation message, mapped to the JSON field it is about. */
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
          Map.entry("gracePeriod", "graceSeconds"),
          Map.entry("uses", "uses"),
          Map.entry("usesRefill", "usesRefill"),
          Map.entry("rateLimits", "rateLimits"));

  private TokenRepresentation() {}

  static CreateTokenRequest createRequest(ManagementJson body) {
    CreateTokenRequest.Builder request =
        CreateTokenRequest.named(body.string("name"))
            .kind(enumValue(body, "kind", TokenKind.API, TokenRepresentation::kind));
    ifGiven(body.string("description"), request::description);
    ifGiven(body.string("owner"), request::ownerId);
    ifGiven(body.bool("issueJwt"), request::issueJwt);
    ifGiven(body.bool("enabled"), request::enabled);
    lifetime(body).ifPresent(request::lifetime);
    Long uses = uses(body);
    if (uses != null) {
      request.uses(uses);
    }
    Duration refill = usesRefill(body);
    if (refill != null) {
      request.usesRefill(refill);
    }
    request.access(accessChange(body, false).apply(TokenAccess.fullAccess()));
    return request.build();
  }

  static TokenUpdate update(ManagementJson body) {
    TokenUpdate.Builder update = TokenUpdate.builder();
    ifGiven(body.string("name"), update::name);
    ifGiven(body.string("description"), update::description);
    ifGiven(body.bool("enabled"), update::enabled);
    ifGiven(body.string("owner"), update::ownerId);
    lifetime(body).ifPresent(update::lifetime);
    if (body.has("uses")) {
      Long uses = uses(body);
      if (uses == null) {
        update.unlimitedUses();
      } else {
        update.uses(uses);
      }
    }
    if (body.has("usesRefill")) {
      Duration refill = usesRefill(body);
      if (refill == null) {
        update.noUsesRefill();
      } else {
        update.usesRefill(refill);
      }
    }
    update.access(accessChange(body, true));
    return update.build();
  }

  /**
   * {@code 7d}, {@code 12h}, {@code 30m} or an ISO-8601 duration such as {@code P7D}; null if the
   * text is none of these.
   */
  static @Nullable Duration duration(String text) {
    try {
      if (text.matches("[1-9][0-9]{0,5}[dhm]")) {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
          case 'd' -> Duration.ofDays(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofMinutes(n);
        };
      }
      return text.length() <= 32 ? Duration.parse(text) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * {@code usesRefill}: a period ({@link #duration}), or {@code "none"} (null: none). The range is
   * the core's, which names the field when it refuses.
   */
  private static @Nullable Duration usesRefill(ManagementJson body) {
    String text = body.string("usesRefill");
    if (text == null || text.equals("none")) {
      return null;
    }
    Duration period = duration(text);
    if (period == null) {
      throw ManagementProblem.badRequest(
          "usesRefill", "usesRefill must be a period such as 1h, 1d or P30D, or \"none\"");
    }
    return period;
  }

  /**
   * {@code uses}: a whole number of uses, or {@code "unlimited"} (null: absent or unlimited). The
   * range is the core's, which names the field when it refuses.
   */
  private static @Nullable Long uses(ManagementJson body) {
    if (!body.has("uses")) {
      return null;
    }
    try {
      return body.number("uses");
    } catch (ManagementProblem notANumber) {
      String word;
      try {
        word = body.string("uses");
      } catch (ManagementProblem notAString) {
        word = null;
      }
      if ("unlimited".equals(word)) {
        return null;
      }
      throw ManagementProblem.badRequest("uses", "uses must be a whole number or \"unlimited\"");
    }
  }

  /** Absent JSON fields leave the builder's default (an explicit null counts as absent). */
  private static <T> void ifGiven(@Nullable T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  static Duration gracePeriod(ManagementJson body) {
    Long seconds = body.number("graceSeconds");
    if (seconds == null) {
      return Duration.ZERO;
    }
    if (seconds < 0 || seconds > Duration.ofDays(3650).toSeconds()) {
      throw ManagementProblem.badRequest(
          "graceSeconds", "graceSeconds must be 0 to 315360000 seconds");
    }
    return Duration.ofSeconds(seconds);
  }

  /** The field a core {@link IllegalArgumentException} message is about, or null. */
  static @Nullable String fieldOf(@Nullable String message) {
    if (message == null) {
      return null;
    }
    int space = message.indexOf(' ');
    return FIELD_OF_MESSAGE.get(space < 0 ? message : message.substring(0, space));
  }

  static ObjectNode record(TokenRecord record, TokenState state) {
    ObjectNode json = ManagementJson.MAPPER.createObjectNode();
    json.put("id", record.id().value());
    json.put("kind", record.kind().name().toLowerCase(Locale.ROOT));
    json.put("name", record.name());
    json.put("description", record.description());
    json.put("state", state.name().toLowerCase(Locale.ROOT));
    json.put("enabled", record.enabled());
    json.put("owner", record.ownerId().orElse(null));
    TokenAccess access = record.access();
    access.restrictedUser().ifPresent(user -> json.put("restrictedUser", user));
    json.put("access", accessName(access.mode()));
    strings(json, "scopes", access.scopes());
    strings(json, "roots", access.rootNodes());
    strings(json, "origins", access.allowedOrigins());
    strings(json, "cidrs", access.allowedCidrs());
    strings(json, "rateLimits", access.rateLimits().stream().map(RateLimit::toString).toList());
    json.put("createdAt", record.createdAt().toString());
    json.put("updatedAt", record.updatedAt().toString());
    json.put("expiresAt", record.expiresAt().map(Instant::toString).orElse(null));
    json.put("lastUsedAt", record.lastUsedAt().map(Instant::toString).orElse(null));
    json.put("revokedAt", record.revokedAt().map(Instant::toString).orElse(null));
    json.put("jwtIssuedAt", record.jwtIssuedAt().map(Instant::toString).orElse(null));
    if (record.remainingUses().isPresent()) {
      json.put("remainingUses", record.remainingUses().getAsLong());
    } else {
      json.putNull("remainingUses");
    }
    UseRefill refill = record.usesRefill().orElse(null);
    json.put("usesRefill", refill == null ? null : refill.period().toString());
    json.put("nextUsesRefillAt", refill == null ? null : refill.nextRefill().toString());
    json.put("version", record.version());
    return json;
  }

  static ObjectNode issued(IssuedToken issued, TokenState state) {
    ObjectNode json = record(issued.record(), state);
    if (issued.record().kind() == TokenKind.SERVER) {
      json.put("key", issued.key());
      json.put("secret", issued.secret());
    }
    json.put("token", issued.token());
    issued.jwt().ifPresent(jwt -> json.put("jwt", jwt));
    return json;
  }

  static ObjectNode page(TokenPage page, Function<TokenRecord, TokenState> stateOf) {
    ObjectNode json = ManagementJson.MAPPER.createObjectNode();
    ArrayNode items = json.putArray("items");
    for (TokenRecord record : page.items()) {
      items.add(record(record, stateOf.apply(record)));
    }
    json.put("next", page.nextCursor().orElse(null));
    return json;
  }

  static TokenKind kind(String text) {
    return TokenKind.valueOf(text.toUpperCase(Locale.ROOT));
  }

  static TokenState state(String text) {
    return TokenState.valueOf(text.toUpperCase(Locale.ROOT));
  }

  private static AccessMode accessMode(String text) {
    return switch (text) {
      case "read-only" -> AccessMode.READ_ONLY;
      case "full" -> AccessMode.FULL_ACCESS;
      case "custom" -> AccessMode.CUSTOM;
      default -> throw new IllegalArgumentException("unknown access mode");
    };
  }

  private static String accessName(AccessMode mode) {
    return switch (mode) {
      case READ_ONLY -> "read-only";
      case FULL_ACCESS -> "full";
      case CUSTOM -> "custom";
    };
  }

  private static <T> T enumValue(
      ManagementJson body, String field, T fallback, Function<String, T> parse) {
    String text = body.string(field);
    if (text == null) {
      return fallback;
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      throw ManagementProblem.badRequest(field, field + " has an unknown value");
    }
  }

  /**
   * The access settings the body gives, as a change of the current ones: {@code access} (default
   * full) and {@code scopes} (default none) if either is given, then {@code roots}, {@code
   * origins}, {@code cidrs} and {@code restrictedUser} ({@code ""} lifts the restriction). With
   * {@code modeRequired}, scopes without an access mode are refused (an edit must say which).
   */
  private static UnaryOperator<TokenAccess> accessChange(
      ManagementJson body, boolean modeRequired) {
    List<UnaryOperator<TokenAccess>> steps = new ArrayList<>();
    if (body.has("access") || body.has("scopes")) {
      if (modeRequired && !body.has("access")) {
        throw ManagementProblem.badRequest("access", "access is required when scopes are given");
      }
      AccessMode mode =
          enumValue(body, "access", AccessMode.FULL_ACCESS, TokenRepresentation::accessMode);
      List<String> given = body.strings("scopes");
      List<String> scopes = given == null ? List.of() : given;
      steps.add(a -> a.withMode(mode, scopes));
    }
    List<String> roots = body.strings("roots");
    if (roots != null) {
      steps.add(a -> a.withRootNodes(roots));
    }
    List<String> origins = body.strings("origins");
    if (origins != null) {
      steps.add(a -> a.withAllowedOrigins(origins));
    }
    List<String> cidrs = body.strings("cidrs");
    if (cidrs != null) {
      steps.add(a -> a.withAllowedCidrs(cidrs));
    }
    List<String> rateLimits = body.strings("rateLimits");
    if (rateLimits != null) {
      List<RateLimit> limits = new ArrayList<>();
      for (String text : rateLimits) {
        limits.add(RateLimit.parse(text));
      }
      steps.add(a -> a.withRateLimits(limits));
    }
    String restricted = body.string("restrictedUser");
    if (restricted != null) {
      String user = restricted.isEmpty() ? null : restricted;
      steps.add(a -> a.withRestrictedUser(user));
    }
    return access -> {
      TokenAccess result = access;
      for (UnaryOperator<TokenAccess> step : steps) {
        result = step.apply(result);
      }
      return result;
    };
  }

  private static Optional<Lifetime> lifetime(ManagementJson body) {
    String duration = body.string("duration");
    String expiresAt = body.string("expiresAt");
    if (duration != null && expiresAt != null) {
      throw ManagementProblem.badRequest(
          "expiresAt", "give either duration or expiresAt, not both");
    }
    if (expiresAt != null) {
      Instant until;
      try {
        until = Instant.parse(expiresAt);
      } catch (DateTimeParseException e) {
        throw ManagementProblem.badRequest(
            "expiresAt", "expiresAt must be an ISO-8601 instant such as 2027-01-31T00:00:00Z");
      }
      if (!until.isAfter(Instant.now())) {
        throw ManagementProblem.badRequest("expiresAt", "expiresAt must be in the future");
      }
      return Optional.of(Lifetime.until(until));
    }
    if (duration == null) {
      return Optional.empty();
    }
    Lifetime named = TokenkitSettings.lifetimeNamed(duration);
    if (named == null) {
      throw ManagementProblem.badRequest("duration", "duration must be 7d, 30d, 90d or unlimited");
    }
    return Optional.of(named);
  }

  private static void strings(ObjectNode json, String field, Collection<String> values) {
    ArrayNode array = json.putArray(field);
    values.forEach(array::add);
  }
}

package dev.tokenkit.spring.boot;

import dev.tokenkit.core.KeyRing;
import dev.tokenkit.core.Lifetime;
import dev.tokenkit.core.PepperRing;
import dev.tokenkit.core.TokenPolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@link TokenkitProperties} into tokenkit's values. Every refusal is an {@link
 * InvalidConfigurationPropertyValueException} naming the property; secret values are never echoed
 * (the value shown is a placeholder).
 */
final class TokenkitSettings {

  static final String HIDDEN = "(hidden)";
  private static final Duration LONGEST_CACHE_TTL = Duration.ofHours(1);

  private TokenkitSettings() {}

  /** The pepper ring, or a {@link TokenkitSetupException} when no pepper is configured. */
  static PepperRing peppers(TokenkitProperties properties) {
    Map<Integer, String> peppers = properties.getPeppers();
    if (peppers.isEmpty()) {
      throw TokenkitSetupException.missingPepper();
    }
    PepperRing.Builder ring = PepperRing.builder();
    addEach("tokenkit.peppers.", peppers, ring::add);
    return ring.build();
  }

  /** The key ring, or null when no master key is configured. */
  static @Nullable KeyRing masterKeys(TokenkitProperties properties) {
    Map<Integer, String> keys = properties.getMasterKeys();
    if (keys.isEmpty()) {
      return null;
    }
    KeyRing.Builder ring = KeyRing.builder();
    addEach("tokenkit.master-keys.", keys, ring::add);
    return ring.build();
  }

  /**
   * Decodes each secret and hands it to a ring's {@code add}, which checks the version and the
   * length; a refusal names the property, never the value. The decoded bytes are zeroed after.
   */
  private static void addEach(
      String prefix, Map<Integer, String> secrets, BiConsumer<Integer, byte[]> add) {
    for (Map.Entry<Integer, String> secret : secrets.entrySet()) {
      String name = prefix + secret.getKey();
      byte[] bytes = base64(name, secret.getValue());
      try {
        add.accept(secret.getKey(), bytes);
      } catch (IllegalArgumentException e) {
        throw invalid(name, String.valueOf(e.getMessage()));
      } finally {
        Arrays.fill(bytes, (byte) 0);
      }
    }
  }

  /** When the starter creates or upgrades the token tables. */
  enum SchemaInitialization {
    /** Only on an in-memory H2 database, as Spring Boot decides for its own schemas. */
    EMBEDDED,
    ALWAYS,
    NEVER
  }

  /** {@code tokenkit.jdbc.initialize-schema}, in any case. */
  static SchemaInitialization schemaInitialization(TokenkitProperties.Jdbc jdbc) {
    String value = jdbc.getInitializeSchema();
    for (SchemaInitialization mode : SchemaInitialization.values()) {
      if (mode.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return mode;
      }
    }
    throw invalid(
        "tokenkit.jdbc.initialize-schema",
        String.valueOf(value),
        "must be one of embedded, always, never");
  }

  static TokenPolicy policy(TokenkitProperties.Policy policy) {
    TokenPolicy.Builder builder =
        TokenPolicy.builder()
            .allowUnlimited(policy.isAllowUnlimited())
            .allowOwnerless(policy.isAllowOwnerless());
    Duration max = policy.getMaxLifetime();
    if (max != null) {
      inRange("tokenkit.policy.max-lifetime", max, () -> builder.maxLifetime(max));
    }
    Duration grace = policy.getMaxGracePeriod();
    inRange("tokenkit.policy.max-grace-period", grace, () -> builder.maxGracePeriod(grace));
    builder.defaultLifetime(lifetime(policy.getDefaultLifetime()));
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(
          "tokenkit.policy.default-lifetime", policy.getDefaultLifetime(), e.getMessage());
    }
  }

  static Duration signatureWindow(TokenkitProperties properties) {
    return positive(
        "tokenkit.signature-window", properties.getSignatureWindow(), Duration.ofHours(1));
  }

  static Duration cacheTtl(TokenkitProperties.Cache cache) {
    return positive("tokenkit.cache.ttl", cache.getTtl(), LONGEST_CACHE_TTL);
  }

  static long cacheSize(TokenkitProperties.Cache cache) {
    if (cache.getMaximumSize() < 1) {
      throw invalid("tokenkit.cache.maximum-size", cache.getMaximumSize(), "must be positive");
    }
    return cache.getMaximumSize();
  }

  static Duration cachePollInterval(TokenkitProperties.Cache cache) {
    Duration interval = cache.getPollInterval();
    if (interval == null
        || interval.compareTo(Duration.ofMillis(10)) < 0
        || interval.compareTo(Duration.ofSeconds(10)) > 0) {
      throw invalid(
          "tokenkit.cache.poll-interval", String.valueOf(interval), "must be 10ms to 10s");
    }
    return interval;
  }

  static Duration flushInterval(TokenkitProperties properties) {
    return positive(
        "tokenkit.usage.flush-interval", properties.getUsage().getFlushInterval(), null);
  }

  static Duration purgeInterval(TokenkitProperties properties) {
    return positive("tokenkit.purge.interval", properties.getPurge().getInterval(), null);
  }

  static Duration noticeInterval(TokenkitProperties properties) {
    return positive(
        "tokenkit.expiry-notices.interval", properties.getExpiryNotices().getInterval(), null);
  }

  static Duration noticeBefore(TokenkitProperties properties) {
    return positive(
        "tokenkit.expiry-notices.notice-before",
        properties.getExpiryNotices().getNoticeBefore(),
        Duration.ofDays(366));
  }

  static Duration jwtLifetime(TokenkitProperties.Jwt jwt) {
    return positive("tokenkit.jwt.lifetime", jwt.getLifetime(), null);
  }

  static String jwtIssuer(TokenkitProperties.Jwt jwt) {
    String issuer = jwt.getIssuer();
    if (issuer == null || issuer.isBlank()) {
      throw invalid("tokenkit.jwt.issuer", String.valueOf(issuer), "must not be blank");
    }
    return issuer;
  }

  static Lifetime lifetime(@Nullable String text) {
    Lifetime lifetime = lifetimeNamed(text == null ? "" : text.strip());
    if (lifetime == null) {
      throw invalid(
          "tokenkit.policy.default-lifetime",
          String.valueOf(text),
          "must be one of 7d, 30d, 90d, unlimited");
    }
    return lifetime;
  }

  /** The lifetime a name stands for ({@code 7d}, {@code 30d}, {@code 90d}, {@code unlimited}). */
  static @Nullable Lifetime lifetimeNamed(String name) {
    return switch (name) {
      case "7d" -> Lifetime.SEVEN_DAYS;
      case "30d" -> Lifetime.THIRTY_DAYS;
      case "90d" -> Lifetime.NINETY_DAYS;
      case "unlimited" -> Lifetime.UNLIMITED;
      default -> null;
    };
  }

  private static byte[] base64(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw invalid(name, "must not be empty");
    }
    try {
      return Base64.getDecoder().decode(value.strip());
    } catch (IllegalArgumentException e) {
      throw invalid(name, "must be base64");
    }
  }

  private static Duration positive(String name, @Nullable Duration value, @Nullable Duration max) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw invalid(name, String.valueOf(value), "must be positive");
    }
    if (max != null && value.compareTo(max) > 0) {
      throw invalid(name, String.valueOf(value), "must be at most " + max);
    }
    return value;
  }

  private static void inRange(String name, Object value, Runnable apply) {
    try {
      apply.run();
    } catch (IllegalArgumentException e) {
      throw invalid(name, String.valueOf(value), String.valueOf(e.getMessage()));
    }
  }

  /**
   * A refusal of a secret property. Not Spring Boot's {@link
   * InvalidConfigurationPropertyValueException}: its failure analysis prints the value it finds in
   * the environment, which here is the secret.
   */
  private static TokenkitSetupException invalid(String name, String reason) {
    return new TokenkitSetupException(
        "Invalid value " + HIDDEN + " for configuration property '" + name + "': " + reason + ".",
        "Fix " + name + " where it is set (the environment or your secret store).");
  }

  private static InvalidConfigurationPropertyValueException invalid(
      String name, Object value, String reason) {
    return new InvalidConfigurationPropertyValueException(name, value, reason);
  }
}

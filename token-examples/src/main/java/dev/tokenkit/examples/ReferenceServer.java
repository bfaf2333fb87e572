package dev.tokenkit.examples;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.Lifetime;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.spi.TokenStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Starts and stops the reference server ({@link ReferenceApplication}) from the command line's
 * settings: the port on 127.0.0.1, the data directory (an H2 file database opened with {@code
 * WRITE_DELAY=0}, and the key file) or a JDBC URL, and the keys from the environment or the key
 * file. {@link #close} stops it gracefully; the starter flushes usage as it stops.
 */
final class ReferenceServer implements AutoCloseable {

  static final String BOOTSTRAP_TOKEN_NAME = "bootstrap admin";
  static final String BOOTSTRAP_MARKER = "tokenkit-demo:bootstrap-admin";
  static final String JWT_ISSUER = "tokenkit-demo";
  static final String JWT_AUDIENCE = "content-api";

  /** Where and how to run; defaults are the README's. */
  static final class Settings {
    int port = 8080;
    Path dataDir = Path.of("data");
    @Nullable String jdbcUrl;
    @Nullable String jdbcUser;
    @Nullable String jdbcPassword;
    Map<String, String> env = Map.of();

    /**
     * How long a client may take to send a request's headers or body, or be idle between requests.
     */
    Duration clientTimeout = Duration.ofSeconds(10);

    /** Wraps the store (tests use it to simulate an outage). */
    UnaryOperator<TokenStore> storeDecorator = UnaryOperator.identity();
  }

  private final ConfigurableApplicationContext context;
  private final @Nullable String bootstrapToken;

  private ReferenceServer(ConfigurableApplicationContext context) {
    this.context = context;
    this.bootstrapToken =
        bootstrap(context.getBean(TokenStore.class), context.getBean(TokenService.class));
  }

  /**
   * Opens the store and starts listening.
   *
   * @throws IllegalArgumentException if a setting or key is invalid
   */
  static ReferenceServer start(Settings settings) throws IOException {
    String url = settings.jdbcUrl;
    if (url != null && !url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--jdbc-url must start with jdbc:postgresql: or jdbc:h2:");
    }
    if (url == null) {
      ownerOnly(settings.dataDir, true);
      url =
          "jdbc:h2:file:"
              + settings.dataDir.toAbsolutePath().resolve("tokenkit")
              + ";WRITE_DELAY=0";
    }
    KeyMaterial keys =
        KeyMaterial.load(
            settings.env, settings.dataDir.resolve("keys.properties"), new SecureRandom());
    Map<String, Object> properties = new HashMap<>();
    properties.put("server.address", "127.0.0.1");
    properties.put("server.port", settings.port);
    properties.put("spring.datasource.url", url);
    properties.put("spring.datasource.username", orEmpty(settings.jdbcUser));
    properties.put("spring.datasource.password", orEmpty(settings.jdbcPassword));
    properties.put("spring.datasource.hikari.maximum-pool-size", 8);
    properties.put("spring.datasource.hikari.pool-name", "tokenkit-demo");
    properties.put("tokenkit.peppers.1", Base64.getEncoder().encodeToString(keys.pepper()));
    properties.put("tokenkit.master-keys.1", Base64.getEncoder().encodeToString(keys.masterKey()));
    properties.put("tokenkit.jwt.issuer", JWT_ISSUER);
    properties.put("tokenkit.jwt.audience", JWT_AUDIENCE);
    properties.put("tokenkit.jdbc.initialize-schema", "always");
    properties.put("tokenkit.usage.flush-interval", "10s");
    properties.put("tokenkit.management.enabled", true);
    properties.put("tokenkit.management.base-path", "/admin/tokens");
    properties.put("tokenkit.management.realm", "tokenkit-demo");
    properties.put("tokenkit.console.enabled", true);
    properties.put("tokenkit.console.path", "/console");
    properties.put("server.error.whitelabel.enabled", false);
    // Long bearer tokens are refused by tokenkit as invalid, not by Tomcat as too large.
    properties.put("server.max-http-request-header-size", "64KB");
    // Slow clients are cut off; Tomcat's threads are not held for a minute by default.
    properties.put("server.tomcat.connection-timeout", settings.clientTimeout.toMillis() + "ms");
    properties.put("server.tomcat.keep-alive-timeout", settings.clientTimeout.toMillis() + "ms");
    properties.put("server.shutdown", "graceful");
    properties.put("spring.main.log-startup-info", false);
    ConfigurableApplicationContext context;
    try {
      context =
          new SpringApplicationBuilder(ReferenceApplication.class)
              .bannerMode(Banner.Mode.OFF)
              .properties(properties)
              .initializers(
                  c ->
                      c.getBeanFactory()
                          .registerSingleton("tokenStoreDecorator", settings.storeDecorator))
              .run();
    } catch (RuntimeException e) {
      throw new IllegalStateException(reason(e), e);
    }
    if (settings.jdbcUrl == null) {
      try (Stream<Path> files = Files.list(settings.dataDir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          ownerOnly(file, false);
        }
      }
    }
    return new ReferenceServer(context);
  }

  int port() {
    return Integer.parseInt(
        context.getBean(Environment.class).getRequiredProperty("local.server.port"));
  }

  /** The admin token created by this start, if the store had none yet (shown once). */
  Optional<String> bootstrapToken() {
    return Optional.ofNullable(bootstrapToken);
  }

  @Override
  public void close() {
    context.close();
  }

  /**
   * Mints the first admin token once per database, on its first start. A one-time value in the
   * store records that it happened, so deleting or renaming the token never brings a new one.
   */
  private static @Nullable String bootstrap(TokenStore store, TokenService tokens) {
    boolean firstStart = store.claimOnce(BOOTSTRAP_MARKER, Instant.parse("9999-01-01T00:00:00Z"));
    if (!firstStart || store.findByName(BOOTSTRAP_TOKEN_NAME).isPresent()) {
      return null; // the second case: a database bootstrapped before the marker existed
    }
    Actor system =
        Actor.of(
            Directory.ADMIN, EnumSet.allOf(AdminPermission.class), Set.of("content:*", "tokens:*"));
    return tokens
        .create(
            system,
            CreateTokenRequest.named(BOOTSTRAP_TOKEN_NAME)
                .description("created on first start; full access for the admin user")
                .lifetime(Lifetime.NINETY_DAYS)
                .build())
        .token();
  }

  /**
   * Restricts a directory (rwx) or file (rw) to its owner, where the file system has POSIX modes.
   */
  private static void ownerOnly(Path path, boolean directory) throws IOException {
    if (directory) {
      Files.createDirectories(path);
    }
    if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(
          path, PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"));
    }
  }

  /**
   * Why the application did not start, in tokenkit's or the database's words: the message of the
   * innermost cause, without Spring's bean-creation wrapping or a Java class name.
   */
  static String reason(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? "the server could not start" : message;
  }

  private static String orEmpty(@Nullable String value) {
    return value == null ? "" : value;
  }
}

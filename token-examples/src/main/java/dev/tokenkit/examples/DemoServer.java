package dev.tokenkit.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.BearerToken;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.Decision;
import dev.tokenkit.core.HttpRequestParts;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.KeyRing;
import dev.tokenkit.core.Lifetime;
import dev.tokenkit.core.PepperRing;
import dev.tokenkit.core.PermissionModel;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenAccessDeniedException;
import dev.tokenkit.core.TokenNotFoundException;
import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtIssuer;
import dev.tokenkit.jwt.JwtResult;
import dev.tokenkit.jwt.JwtVerifier;
import dev.tokenkit.store.jdbc.JdbcTokenStore;
import dev.tokenkit.store.jdbc.SqlDialect;
import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.spi.TokenStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference server: an admin API for tokens and a content API guarded by them, on the JDK HTTP
 * server, bound to 127.0.0.1. {@link #start} opens the store, seeds the first admin token and
 * starts listening; {@link #close} stops and flushes usage.
 */
final class DemoServer implements AutoCloseable {

  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final long MAX_DISCARD_BYTES = 16L * 1024 * 1024;
  static final String SIGNATURE_HEADER = "X-Token-Signature";
  static final String BOOTSTRAP_TOKEN_NAME = "bootstrap admin";
  static final String BOOTSTRAP_MARKER = "tokenkit-demo:bootstrap-admin";
  static final String JWT_ISSUER = "tokenkit-demo";
  static final String JWT_AUDIENCE = "content-api";
  private static final String REALM = "Bearer realm=\"tokenkit-demo\"";
  private static final int MAX_PAGE = 100;
  private static final Logger LOG = LoggerFactory.getLogger(DemoServer.class);

  /** Where and how to run; defaults are the README's. */
  static final class Settings {
    int port = 8080;
    Path dataDir = Path.of("data");
    @Nullable String jdbcUrl;
    @Nullable String jdbcUser;
    @Nullable String jdbcPassword;
    Map<String, String> env = Map.of();

    /** Wraps the store (tests use it to simulate an outage). */
    UnaryOperator<TokenStore> storeDecorator = UnaryOperator.identity();
  }

  private final HttpServer http;
  private final ExecutorService workers;
  private final ScheduledExecutorService flusher;
  private final ScheduledFuture<?> flushing;

  /** Closes the connection pool of whichever database this server uses. */
  private final Runnable closePool;

  private final TokenService tokens;
  private final JwtVerifier jwtVerifier;
  private final ContentTree content = new ContentTree();
  private final @Nullable String bootstrapToken;

  private DemoServer(Settings settings) throws IOException {
    SecureRandom random = new SecureRandom();
    KeyMaterial keys =
        KeyMaterial.load(settings.env, settings.dataDir.resolve("keys.properties"), random);
    DataSource dataSource;
    SqlDialect dialect;
    String url = settings.jdbcUrl;
    if (url == null || url.startsWith("jdbc:h2:")) {
      if (url == null) {
        ownerOnly(settings.dataDir, true);
      }
      String h2 =
          url != null
              ? url
              : "jdbc:h2:file:"
                  + settings.dataDir.toAbsolutePath().resolve("tokenkit")
                  + ";WRITE_DELAY=0";
      JdbcConnectionPool pool =
          JdbcConnectionPool.create(h2, orEmpty(settings.jdbcUser), orEmpty(settings.jdbcPassword));
      closePool = pool::dispose;
      dataSource = pool;
      dialect = SqlDialect.H2;
    } else if (url.startsWith("jdbc:postgresql:")) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setUsername(settings.jdbcUser);
      config.setPassword(settings.jdbcPassword);
      config.setMaximumPoolSize(8);
      config.setPoolName("tokenkit-demo");
      HikariDataSource postgres = new HikariDataSource(config);
      closePool = postgres::close;
      dataSource = postgres;
      dialect = SqlDialect.POSTGRESQL;
    } else {
      throw new IllegalArgumentException("--jdbc-url must start with jdbc:postgresql: or jdbc:h2:");
    }
    JdbcTokenStore jdbc = JdbcTokenStore.builder().dataSource(dataSource).dialect(dialect).build();
    jdbc.createSchemaIfMissing();
    if (url == null) {
      try (var files = Files.list(settings.dataDir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          ownerOnly(file, false);
        }
      }
    }
    TokenStore store = settings.storeDecorator.apply(jdbc);

    byte[] pepper = keys.pepper();
    byte[] masterKey = keys.masterKey();
    Directory users = new Directory();
    tokens =
        TokenService.builder()
            .store(store)
            .pepperRing(PepperRing.of(1, pepper))
            .keyRing(KeyRing.of(1, masterKey))
            .owners(users)
            .permissionModel(
                PermissionModel.builder()
                    .catalog(Directory.CATALOG)
                    .resourceTree(content)
                    .nodeAccess(users)
                    .build())
            .jwtIssuer(JwtIssuer.builder().issuer(JWT_ISSUER).audience(JWT_AUDIENCE).build())
            .secureRandom(random)
            .clock(Clock.systemUTC())
            .auditListener(new AuditLog(Clock.systemUTC())::onEvent)
            .build();
    jwtVerifier =
        JwtVerifier.builder()
            .tokenService(tokens)
            .expectedIssuer(JWT_ISSUER)
            .expectedAudience(JWT_AUDIENCE)
            .build();
    bootstrapToken = bootstrap(store);

    http =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port), 0);
    workers = Executors.newFixedThreadPool(4);
    http.setExecutor(workers);
    http.createContext("/admin/tokens", exchange -> serve(exchange, this::admin));
    http.createContext(DeveloperTokensXml.PATH, exchange -> serve(exchange, this::developerTokens));
    http.createContext("/content", exchange -> serve(exchange, this::content));
    http.createContext("/widget", exchange -> serve(exchange, this::widget));
    http.createContext(
        "/",
        exchange ->
            serve(
                exchange,
                ex -> {
                  throw ApiException.notFound("no such endpoint");
                }));
    flusher = Executors.newSingleThreadScheduledExecutor();
    flushing = tokens.usage().scheduleFlush(flusher, Duration.ofSeconds(10));
    http.start();
  }

  /**
   * Opens the store and starts listening.
   *
   * @throws IllegalArgumentException if a setting or key is invalid
   */
  static DemoServer start(Settings settings) throws IOException {
    return new DemoServer(settings);
  }

  int port() {
    return http.getAddress().getPort();
  }

  /** The admin token created by this start, if the store had none yet (shown once). */
  Optional<String> bootstrapToken() {
    return Optional.ofNullable(bootstrapToken);
  }

  @Override
  public void close() {
    http.stop(0);
    workers.shutdown();
    flushing.cancel(false);
    flusher.shutdown();
    try {
      tokens.usage().flush();
    } catch (TokenStoreException e) {
      LOG.warn("final usage flush failed: {}", e.toString());
    }
    closePool.run();
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

  private static String orEmpty(@Nullable String value) {
    return value == null ? "" : value;
  }

  /**
   * Mints the first admin token once per database, on its first start. A one-time value in the
   * store records that it happened, so deleting or renaming the token never brings a new one.
   */
  private @Nullable String bootstrap(TokenStore store) {
    boolean firstStart = store.claimOnce(BOOTSTRAP_MARKER, Instant.parse("9999-01-01T00:00:00Z"));
    if (!firstStart || store.findByName(BOOTSTRAP_TOKEN_NAME).isPresent()) {
      return null; // the second case: a database bootstrapped before the marker existed
    }
    Actor system =
        Actor.of(
            Directory.ADMIN, EnumSet.allOf(AdminPermission.class), Set.of("content:*", "tokens:*"));
    IssuedToken issued =
        tokens.create(
            system,
            CreateTokenRequest.named(BOOTSTRAP_TOKEN_NAME)
                .description("created on first start; full access for the admin user")
                .lifetime(Lifetime.NINETY_DAYS)
                .build());
    return issued.token();
  }

  // ---- admin API ----------------------------------------------------------------------------

  private void admin(HttpExchange exchange) throws IOException {
    String rest = exchange.getRequestURI().getRawPath().substring("/admin/tokens".length());
    String method = exchange.getRequestMethod();
    if (rest.isEmpty() || rest.equals("/")) {
      Actor actor = actor(exchange);
      if (method.equals("POST")) {
        Json body = Json.parseObject(body(exchange), TokenJson.CREATE_FIELDS);
        IssuedToken issued = tokens.create(actor, TokenJson.createRequest(body));
        send(exchange, 201, TokenJson.issued(issued, tokens.stateOf(issued.record())));
      } else if (method.equals("GET")) {
        list(exchange, actor);
      } else {
        throw methodNotAllowed("GET, POST");
      }
      return;
    }
    String[] parts = rest.substring(1).split("/", -1);
    if (parts.length > 2 || !TokenId.isValid(parts[0])) {
      throw ApiException.notFound("no such token");
    }
    TokenId id = TokenId.of(parts[0]);
    Actor actor = actor(exchange);
    if (parts.length == 1) {
      switch (method) {
        case "GET" -> {
          TokenRecord record =
              tokens.get(actor, id).orElseThrow(() -> ApiException.notFound("no such token"));
          send(exchange, 200, TokenJson.record(record, tokens.stateOf(record)));
        }
        case "PATCH" -> {
          Json update = Json.parseObject(body(exchange), TokenJson.UPDATE_FIELDS);
          TokenRecord updated = tokens.update(actor, id, TokenJson.update(update));
          send(exchange, 200, TokenJson.record(updated, tokens.stateOf(updated)));
        }
        case "DELETE" -> {
          if (!tokens.delete(actor, id)) {
            throw ApiException.notFound("no such token");
          }
          sendEmpty(exchange, 204);
        }
        default -> throw methodNotAllowed("GET, PATCH, DELETE");
      }
      return;
    }
    if (!method.equals("POST")) {
      throw methodNotAllowed("POST");
    }
    switch (parts[1]) {
      case "regenerate" -> {
        Json body = Json.parseObject(body(exchange), TokenJson.REGENERATE_FIELDS);
        IssuedToken regenerated = tokens.regenerate(actor, id, TokenJson.gracePeriod(body));
        send(exchange, 200, TokenJson.issued(regenerated, tokens.stateOf(regenerated.record())));
      }
      case "revoke" -> {
        Json.parseObject(body(exchange), Set.of());
        TokenRecord revoked = tokens.revoke(actor, id);
        send(exchange, 200, TokenJson.record(revoked, tokens.stateOf(revoked)));
      }
      case "reveal" -> {
        Json.parseObject(body(exchange), Set.of());
        IssuedToken revealed = tokens.reveal(actor, id);
        send(exchange, 200, TokenJson.issued(revealed, tokens.stateOf(revealed.record())));
      }
      case "jwt" -> {
        Json.parseObject(body(exchange), Set.of());
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("id", id.value());
        json.put("jwt", tokens.issueJwt(actor, id));
        send(exchange, 200, json);
      }
      default -> throw ApiException.notFound("no such action");
    }
  }

  /** MindTouch's {@code POST site/developer-tokens} and {@code PUT site/developer-tokens/{id}}. */
  private void developerTokens(HttpExchange exchange) throws IOException {
    String rest = exchange.getRequestURI().getRawPath().substring(DeveloperTokensXml.PATH.length());
    String method = exchange.getRequestMethod();
    String base =
        DeveloperTokensXml.baseUrl(
            exchange.getRequestHeaders().getFirst("Host"), "127.0.0.1:" + port());
    if (rest.isEmpty()) {
      if (!method.equals("POST")) {
        throw methodNotAllowed("POST");
      }
      Actor actor = actor(exchange);
      DeveloperTokensXml.Request request = DeveloperTokensXml.parse(body(exchange), true);
      IssuedToken issued;
      try {
        issued = tokens.create(actor, DeveloperTokensXml.createRequest(request));
      } catch (IllegalArgumentException e) {
        throw DeveloperTokensXml.badRequest(TokenJson.fieldOf(e.getMessage()), e.getMessage());
      }
      sendXml(exchange, 201, DeveloperTokensXml.created(issued, base));
      return;
    }
    if (!rest.startsWith("/") || !TokenId.isValid(rest.substring(1))) {
      throw ApiException.notFound("no such token");
    }
    if (!method.equals("PUT")) {
      throw methodNotAllowed("PUT");
    }
    Actor actor = actor(exchange);
    TokenId id = TokenId.of(rest.substring(1));
    DeveloperTokensXml.Request request = DeveloperTokensXml.parse(body(exchange), false);
    TokenRecord current =
        tokens.get(actor, id).orElseThrow(() -> ApiException.notFound("no such token"));
    TokenRecord updated;
    try {
      updated = tokens.update(actor, id, DeveloperTokensXml.update(request, current));
    } catch (IllegalArgumentException e) {
      throw DeveloperTokensXml.badRequest(TokenJson.fieldOf(e.getMessage()), e.getMessage());
    }
    sendXml(exchange, 200, DeveloperTokensXml.token(updated, base));
  }

  private void list(HttpExchange exchange, Actor actor) throws IOException {
    Map<String, String> query = query(exchange);
    TokenFilter.Builder filter = TokenFilter.builder().ownerId(query.get("owner"));
    String kind = query.get("kind");
    String state = query.get("state");
    try {
      if (kind != null) {
        filter.kind(TokenJson.kind(kind));
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("kind", "must be api, server or browser");
    }
    try {
      if (state != null) {
        filter.state(TokenJson.state(state));
      }
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("state", "must be active, disabled, expired or revoked");
    }
    int limit = 20;
    String limitText = query.get("limit");
    if (limitText != null) {
      try {
        limit = Integer.parseInt(limitText);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_PAGE) {
        throw ApiException.badRequest("limit", "must be 1 to " + MAX_PAGE);
      }
    }
    String cursor = query.get("cursor");
    try {
      send(
          exchange,
          200,
          TokenJson.page(tokens.list(actor, filter.build(), cursor, limit), tokens::stateOf));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(cursor == null ? null : "cursor", e.getMessage());
    }
  }

  /** The admin acting through the presented API token; its scope bounds its admin powers. */
  private Actor actor(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null) {
      throw ApiException.unauthorized("missing_token", "an admin token is required", REALM);
    }
    String bearer = BearerToken.fromAuthorizationHeader(authorization).orElse(null);
    if (bearer == null) {
      throw ApiException.unauthorized(
          "invalid_request",
          "use Authorization: Bearer <token>",
          REALM + ", error=\"invalid_request\"");
    }
    TokenPrincipal principal = principal(tokens.authenticate(bearer, context(exchange)));
    Set<String> permissions = principal.effectivePermissions();
    EnumSet<AdminPermission> admin = EnumSet.noneOf(AdminPermission.class);
    for (AdminPermission permission : AdminPermission.values()) {
      // tokens.create (admin permission) <- tokens:create (catalog permission in the scope)
      if (permissions.contains(permission.value().replace('.', ':'))) {
        admin.add(permission);
      }
    }
    String user =
        principal
            .actingUserId()
            .orElseThrow(() -> ApiException.forbidden("no_user", "this token acts for no user"));
    return Actor.of(user, admin, permissions)
        .withRootNodes(principal.access().rootNodes())
        .withSource(principal.tokenId(), clientAddress(exchange));
  }

  // ---- content API --------------------------------------------------------------------------

  private void content(HttpExchange exchange) throws IOException {
    String node = node(exchange, "/content");
    String method = exchange.getRequestMethod();
    if (!method.equals("GET") && !method.equals("PUT")) {
      throw methodNotAllowed("GET, PUT");
    }
    // Read first: an HTTP message signature covers the body through its Content-Digest.
    byte[] body = method.equals("PUT") ? body(exchange) : new byte[0];
    TokenPrincipal principal = contentPrincipal(exchange, body);
    String text = content.read(node);
    if (text == null) {
      throw ApiException.notFound("no such page");
    }
    if (method.equals("GET")) {
      require(principal, "content:read", node);
      send(exchange, 200, page(node, text));
    } else {
      require(principal, "content:write", node);
      String replacement = new String(body, StandardCharsets.UTF_8);
      content.replace(node, replacement);
      LOG.info("page {} replaced through token {}", node, principal.tokenId());
      sendEmpty(exchange, 204);
    }
  }

  private void widget(HttpExchange exchange) throws IOException {
    String node = node(exchange, "/widget");
    if (exchange.getRequestMethod().equals("OPTIONS")) {
      preflight(exchange);
      return;
    }
    if (!exchange.getRequestMethod().equals("GET")) {
      throw methodNotAllowed("GET, OPTIONS");
    }
    String bearer = bearer(exchange);
    TokenPrincipal principal = principal(tokens.authenticate(bearer, context(exchange)));
    if (principal.kind() != TokenKind.BROWSER) {
      throw ApiException.forbidden("wrong_kind", "the widget endpoint takes browser tokens only");
    }
    String text = content.read(node);
    if (text == null) {
      throw ApiException.notFound("no such page");
    }
    require(principal, "content:view", node);
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    if (origin != null) {
      exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
      exchange.getResponseHeaders().set("Vary", "Origin");
    }
    send(exchange, 200, page(node, text));
  }

  /**
   * The answer to a CORS preflight: a page on any origin may send GET with an Authorization header.
   * That grants nothing by itself: the GET that follows is checked against the browser token's
   * origin patterns.
   */
  private static void preflight(HttpExchange exchange) throws IOException {
    String origin = exchange.getRequestHeaders().getFirst("Origin");
    var headers = exchange.getResponseHeaders();
    if (origin != null) {
      headers.set("Access-Control-Allow-Origin", origin);
      headers.set("Access-Control-Allow-Methods", "GET");
      headers.set("Access-Control-Allow-Headers", "Authorization");
      headers.set("Access-Control-Max-Age", "600");
    }
    headers.set("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    headers.set("Allow", "GET, OPTIONS");
    sendEmpty(exchange, 204);
  }

  /**
   * An HTTP message signature ({@code Signature-Input}), else a bearer API token or JWT (told apart
   * by the dots), else the {@code tkn_} signed-request header.
   */
  private TokenPrincipal contentPrincipal(HttpExchange exchange, byte[] body) {
    RequestContext context = context(exchange);
    if (exchange.getRequestHeaders().containsKey("Signature-Input")) {
      return principal(tokens.signedRequests().verifyMessage(signedParts(exchange, body), context));
    }
    String signature = exchange.getRequestHeaders().getFirst(SIGNATURE_HEADER);
    if (exchange.getRequestHeaders().getFirst("Authorization") == null && signature != null) {
      return principal(tokens.signedRequests().verify(signature, context));
    }
    String bearer = bearer(exchange);
    if (bearer.indexOf('.') < 0) {
      return principal(tokens.authenticate(bearer, context));
    }
    JwtResult jwt = jwtVerifier.verify(bearer, context);
    if (jwt.valid()) {
      return jwt.principal().orElseThrow();
    }
    LOG.info("JWT for key {} refused: {}", jwt.keyId(), jwt);
    // The answer a bearer token gets for the same reason; one answer for every JWT that did not
    // prove its signature, whatever the precise failure (which the log line above keeps).
    return principal(
        AuthResult.rejected(
            jwt.rejection()
                .orElse(
                    jwt.httpStatus() == 503
                        ? RejectionReason.UNAVAILABLE
                        : RejectionReason.MALFORMED)));
  }

  /** The request as the client addressed it: http, its Host, the raw path and query. */
  private static HttpRequestParts signedParts(HttpExchange exchange, byte[] body) {
    String host = exchange.getRequestHeaders().getFirst("Host");
    URI uri = exchange.getRequestURI();
    URI target;
    try {
      target =
          URI.create(
              "http://"
                  + (host == null ? "127.0.0.1" : host)
                  + uri.getRawPath()
                  + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(null, "malformed Host or path");
    }
    HttpRequestParts.Builder parts =
        HttpRequestParts.builder().method(exchange.getRequestMethod()).targetUri(target).body(body);
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> values.forEach(v -> parts.header(name, v)));
    try {
      return parts.build();
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(null, "malformed Host or path");
    }
  }

  private String bearer(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null) {
      throw ApiException.unauthorized("missing_token", "a token is required", REALM);
    }
    return BearerToken.fromAuthorizationHeader(authorization)
        .orElseThrow(
            () ->
                ApiException.unauthorized(
                    "invalid_request",
                    "use Authorization: Bearer <token>",
                    REALM + ", error=\"invalid_request\""));
  }

  private static TokenPrincipal principal(AuthResult result) {
    if (result instanceof AuthResult.Rejected rejected) {
      String reason = rejected.error(); // invalid_token for checks 1 to 3 alike
      throw switch (rejected.httpStatus()) {
        case 503 -> unavailable();
        case 403 -> ApiException.forbidden(reason, rejected.message());
        default ->
            ApiException.unauthorized(
                reason, rejected.message(), rejected.wwwAuthenticate().orElse(REALM));
      };
    }
    return result.principal().orElseThrow();
  }

  private static void require(TokenPrincipal principal, String permission, String node) {
    Decision decision = principal.authorize(permission, node);
    if (decision != Decision.ALLOW) {
      throw ApiException.forbidden(
          decision.name().toLowerCase(Locale.ROOT),
          "token " + principal.tokenId() + " may not " + permission + " on " + node);
    }
  }

  private static ObjectNode page(String node, String text) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("path", node);
    json.put("text", text);
    return json;
  }

  private static String node(HttpExchange exchange, String prefix) {
    String path = exchange.getRequestURI().getPath().substring(prefix.length());
    if (path.isEmpty() || path.equals("/")) {
      return "/";
    }
    if (!path.startsWith("/") || path.endsWith("/")) {
      throw ApiException.notFound("no such page");
    }
    return path;
  }

  private static String clientAddress(HttpExchange exchange) {
    return exchange.getRemoteAddress().getAddress().getHostAddress();
  }

  private static RequestContext context(HttpExchange exchange) {
    return RequestContext.builder()
        .clientAddress(clientAddress(exchange))
        .origin(exchange.getRequestHeaders().getFirst("Origin"))
        .referer(exchange.getRequestHeaders().getFirst("Referer"))
        .build();
  }

  // ---- HTTP plumbing ------------------------------------------------------------------------

  private interface Route {
    void handle(HttpExchange exchange) throws IOException;
  }

  /** Runs a route and turns every failure into a JSON error with the right status. */
  private static void serve(HttpExchange exchange, Route route) {
    try (exchange) {
      try {
        RequestTarget.check(exchange.getRequestURI());
        route.handle(exchange);
      } catch (ApiException e) {
        sendError(exchange, e);
      } catch (TokenAccessDeniedException e) {
        String error =
            e.reason() == TokenAccessDeniedException.Reason.BEYOND_ACTOR
                ? "beyond_actor"
                : "admin_permission_missing";
        sendError(exchange, ApiException.forbidden(error, e.getMessage()));
      } catch (TokenNotFoundException e) {
        sendError(exchange, ApiException.notFound("no such token"));
      } catch (DuplicateTokenException e) {
        sendError(
            exchange,
            new ApiException(409, "name_taken", "a token with this name exists", "name", null));
      } catch (StaleTokenException e) {
        sendError(
            exchange,
            new ApiException(409, "conflict", "the token changed meanwhile; retry", null, null));
      } catch (IllegalStateException e) {
        sendError(exchange, new ApiException(409, "conflict", e.getMessage(), null, null));
      } catch (IllegalArgumentException e) {
        sendError(
            exchange, ApiException.badRequest(TokenJson.fieldOf(e.getMessage()), e.getMessage()));
      } catch (TokenStoreException e) {
        LOG.warn("store unavailable: {}", e.toString());
        sendError(exchange, unavailable());
      } catch (RuntimeException e) {
        LOG.error("request failed", e);
        sendError(exchange, new ApiException(500, "internal", "internal error", null, null));
      }
    } catch (IOException e) {
      LOG.debug("client went away: {}", e.toString());
    }
  }

  private static ApiException unavailable() {
    return new ApiException(
        503, "unavailable", "the token store is unavailable; retry later", null, null);
  }

  private static ApiException methodNotAllowed(String allowed) {
    return new ApiException(405, "method_not_allowed", "allowed: " + allowed, null, null);
  }

  /** The request body, refusing more than {@link #MAX_BODY_BYTES} without keeping it. */
  private static byte[] body(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    try (InputStream in = exchange.getRequestBody()) {
      if (declared != null) {
        long length;
        try {
          length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
          throw ApiException.badRequest(null, "bad Content-Length");
        }
        if (length > MAX_BODY_BYTES) {
          throw tooLarge(in);
        }
      }
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw tooLarge(in);
      }
      return body;
    }
  }

  /**
   * The 413 answer, after discarding what the client is still sending (up to a limit): closing on
   * unread data would reset the connection before the client reads the answer.
   */
  private static ApiException tooLarge(InputStream rest) throws IOException {
    // read, not skip: the JDK server's request stream passes skip to the socket, past the body.
    byte[] sink = new byte[8192];
    long discarded = 0;
    for (int n; discarded < MAX_DISCARD_BYTES && (n = rest.read(sink)) >= 0; ) {
      discarded += n;
    }
    return tooLarge();
  }

  private static ApiException tooLarge() {
    return new ApiException(
        413, "too_large", "request bodies are limited to " + MAX_BODY_BYTES + " bytes", null, null);
  }

  private static Map<String, String> query(HttpExchange exchange) {
    String raw = exchange.getRequestURI().getRawQuery();
    Map<String, String> query = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        query.put(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(null, "malformed query string");
      }
    }
    return query;
  }

  private static void send(HttpExchange exchange, int status, JsonNode json) throws IOException {
    byte[] body = Json.MAPPER.writeValueAsBytes(json);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sendXml(HttpExchange exchange, int status, String xml) throws IOException {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
    exchange.sendResponseHeaders(status, -1);
  }

  private static void sendError(HttpExchange exchange, ApiException error) throws IOException {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("error", error.error);
    json.put("message", error.getMessage());
    if (error.field != null) {
      json.put("field", error.field);
    }
    if (error.wwwAuthenticate != null) {
      exchange.getResponseHeaders().set("WWW-Authenticate", error.wwwAuthenticate);
    }
    if (error.status == 503) {
      exchange.getResponseHeaders().set("Retry-After", "5");
    }
    if (error.status == 413) {
      exchange.getResponseHeaders().set("Connection", "close");
    }
    send(exchange, error.status, json);
  }
}

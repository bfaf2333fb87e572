package dev.tokenkit.spring.boot;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.Permission;
import dev.tokenkit.core.PermissionCatalog;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin console's page, its script and style (from {@code META-INF/tokenkit/console/} in the
 * jar), and {@code GET {path}/session}: who is signed in, what they may do, the CSRF token their
 * calls must carry, and the choices the create form may offer (the permissions they hold, the
 * lifetimes the policy allows). The page does everything else through the management API.
 */
@RestController
@RequestMapping("${tokenkit.console.path:/tokenkit/console}")
final class TokenConsoleController {

  private static final MediaType JAVASCRIPT = new MediaType("text", "javascript");
  private static final MediaType CSS = new MediaType("text", "css");

  private final String apiPath;
  private final TokenkitProperties properties;
  private final ManagementActorMapping actors;
  private final PermissionCatalog catalog;
  private final boolean sealedSecrets;
  private final Clock clock;
  private final byte[] page;
  private final byte[] script;
  private final byte[] style;

  TokenConsoleController(
      String path,
      String apiPath,
      TokenkitProperties properties,
      ManagementActorMapping actors,
      PermissionCatalog catalog,
      boolean sealedSecrets,
      Clock clock) {
    this.apiPath = apiPath;
    this.properties = properties;
    this.actors = actors;
    this.catalog = catalog;
    this.sealedSecrets = sealedSecrets;
    this.clock = clock;
    // The paths are checked (/segments of a-z, 0-9 and ._~-), so they need no escaping in HTML.
    this.page =
        new String(resource("index.html"), StandardCharsets.UTF_8)
            .replace("{{path}}", path)
            .getBytes(StandardCharsets.UTF_8);
    this.script = resource("console.js");
    this.style = resource("console.css");
  }

  @GetMapping
  ResponseEntity<byte[]> page() {
    return ResponseEntity.ok()
        .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .body(page);
  }

  @GetMapping("/console.js")
  ResponseEntity<byte[]> script() {
    return ResponseEntity.ok()
        .contentType(new MediaType(JAVASCRIPT, StandardCharsets.UTF_8))
        .body(script);
  }

  @GetMapping("/console.css")
  ResponseEntity<byte[]> style() {
    return ResponseEntity.ok().contentType(new MediaType(CSS, StandardCharsets.UTF_8)).body(style);
  }

  /** Who is signed in and what the page may offer them; {@code signedIn: false} otherwise. */
  @GetMapping("/session")
  ResponseEntity<String> session(@Nullable Authentication caller, HttpServletRequest request) {
    ObjectNode json = ManagementJson.MAPPER.createObjectNode();
    json.put("loginPage", properties.getConsole().getLoginPage());
    json.put("api", apiPath);
    boolean signedIn =
        caller != null
            && caller.isAuthenticated()
            && !(caller instanceof AnonymousAuthenticationToken);
    json.put("signedIn", signedIn);
    if (caller == null || !signedIn) {
      return json(json);
    }
    json.put("user", caller.getName());
    Optional<Actor> actor = actors.actorFor(caller);
    ArrayNode admin = json.putArray("admin");
    ArrayNode permissions = json.putArray("permissions");
    actor.ifPresent(
        a -> {
          for (AdminPermission permission : AdminPermission.values()) {
            if (a.has(permission)) {
              admin.add(permission.value());
            }
          }
          for (Permission declared : catalog.permissions()) {
            if (PermissionPatterns.holds(a.permissions(), declared)) {
              permissions
                  .addObject()
                  .put("name", declared.toString())
                  .put("resource", declared.resource())
                  .put("action", declared.action())
                  .put("read", catalog.isRead(declared));
            }
          }
        });
    lifetimes(json);
    ObjectNode reveal = json.putObject("reveal");
    reveal.put("server", sealedSecrets);
    reveal.put("api", sealedSecrets && properties.isViewAgain());
    if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
      json.putObject("csrf").put("header", csrf.getHeaderName()).put("token", csrf.getToken());
    }
    return json(json);
  }

  /** Any other path under the console: 404. */
  @RequestMapping("/**")
  ResponseEntity<ProblemDetail> unknown() {
    return TokenManagementController.problem(
        HttpStatus.NOT_FOUND, "not_found", "no such page", null);
  }

  /** The durations the policy allows, its default and the latest date one may pick. */
  private void lifetimes(ObjectNode json) {
    TokenkitProperties.Policy policy = properties.getPolicy();
    Duration max = policy.getMaxLifetime();
    ArrayNode durations = json.putArray("durations");
    for (int days : new int[] {7, 30, 90}) {
      if (max == null || Duration.ofDays(days).compareTo(max) <= 0) {
        durations.add(days + "d");
      }
    }
    if (max == null && policy.isAllowUnlimited()) {
      durations.add("unlimited");
    }
    json.put("defaultDuration", policy.getDefaultLifetime());
    Duration soon = properties.getExpiryNotices().getNoticeBefore();
    json.put("expiringSoonDays", soon == null ? 7 : Math.max(1, soon.toDays()));
    json.put(
        "latestExpiry",
        max == null ? null : clock.instant().plus(max).truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private static ResponseEntity<String> json(ObjectNode json) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(ManagementJson.MAPPER.writeValueAsString(json));
  }

  private static byte[] resource(String name) {
    String path = "META-INF/tokenkit/console/" + name;
    try (InputStream in = TokenConsoleController.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("the console's " + path + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

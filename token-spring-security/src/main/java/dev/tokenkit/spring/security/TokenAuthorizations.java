package dev.tokenkit.spring.security;

import dev.tokenkit.core.Permission;
import dev.tokenkit.core.TokenPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Request authorization with tokenkit's own check ({@link TokenPrincipal#authorize}), for {@code
 * authorizeHttpRequests}:
 *
 * <pre>{@code
 * http.authorizeHttpRequests(requests -> requests
 *     .requestMatchers(HttpMethod.GET, "/api/content/**")
 *         .access(TokenAuthorizations.permissionOnPath("content:read", "/api/content"))
 *     .anyRequest().access(TokenAuthorizations.permission("content:read")));
 * }</pre>
 *
 * Unlike {@code hasAuthority}, these apply root-node restrictions and answer with the reason
 * ({@link TokenAuthorizationDecision}). Requests not authenticated by a token are denied. The
 * managers are immutable and thread-safe.
 */
public final class TokenAuthorizations {

  private TokenAuthorizations() {}

  /**
   * Allows tokens holding {@code permission}, with no resource (a root-limited token is refused).
   *
   * @throws IllegalArgumentException if {@code permission} is not {@code resource:action}
   */
  public static AuthorizationManager<RequestAuthorizationContext> permission(
      @Nullable String permission) {
    String checked = check(permission);
    return manager(checked, request -> null);
  }

  /**
   * Allows tokens holding {@code permission} on the resource named by the request path below {@code
   * pathPrefix}: with prefix {@code /api/content}, {@code /api/content/docs/guide} is resource
   * {@code /docs/guide} and {@code /api/content} is {@code /}. So a token limited to root {@code
   * /docs} may reach {@code /api/content/docs/**} only.
   *
   * @throws IllegalArgumentException if an argument is null or malformed
   */
  public static AuthorizationManager<RequestAuthorizationContext> permissionOnPath(
      @Nullable String permission, @Nullable String pathPrefix) {
    String checked = check(permission);
    if (pathPrefix == null || (!pathPrefix.isEmpty() && !pathPrefix.startsWith("/"))) {
      throw new IllegalArgumentException("pathPrefix must be empty or start with /");
    }
    String prefix =
        pathPrefix.endsWith("/") ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
    return manager(checked, request -> resourceBelow(request, prefix));
  }

  /**
   * Allows tokens holding {@code permission} on the resource {@code resourceOf} names for the
   * request (null for none).
   *
   * @throws IllegalArgumentException if an argument is null or {@code permission} is malformed
   */
  public static AuthorizationManager<RequestAuthorizationContext> permission(
      @Nullable String permission,
      @Nullable Function<HttpServletRequest, @Nullable String> resourceOf) {
    String checked = check(permission);
    if (resourceOf == null) {
      throw new IllegalArgumentException("resourceOf is required");
    }
    return manager(checked, resourceOf);
  }

  /** The decision for {@code authentication} on {@code permission} and {@code resource}. */
  static TokenAuthorizationDecision decide(
      @Nullable Authentication authentication, String permission, @Nullable String resource) {
    if (!(authentication instanceof TokenAuthentication token) || !token.isValid()) {
      return TokenAuthorizationDecision.NOT_A_TOKEN;
    }
    return TokenAuthorizationDecision.of(token.principal().authorize(permission, resource));
  }

  private static AuthorizationManager<RequestAuthorizationContext> manager(
      String permission, Function<HttpServletRequest, @Nullable String> resourceOf) {
    return new AuthorizationManager<>() {
      @Override
      public AuthorizationResult authorize(
          Supplier<? extends @Nullable Authentication> authentication,
          RequestAuthorizationContext context) {
        return decide(authentication.get(), permission, resourceOf.apply(context.getRequest()));
      }

      @Override
      public String toString() {
        return "TokenAuthorizations[" + permission + "]";
      }
    };
  }

  /** The path below {@code prefix} (without the context path), or null if it is not below it. */
  private static @Nullable String resourceBelow(HttpServletRequest request, String prefix) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!path.startsWith(prefix)) {
      return null;
    }
    String rest = path.substring(prefix.length());
    if (rest.isEmpty() || rest.equals("/")) {
      return "/";
    }
    if (!rest.startsWith("/")) {
      return null; // "/api/contents" is not below "/api/content"
    }
    return rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
  }

  private static String check(@Nullable String permission) {
    Permission.parse(permission); // throws IllegalArgumentException with the rule
    return permission == null ? "" : permission;
  }
}

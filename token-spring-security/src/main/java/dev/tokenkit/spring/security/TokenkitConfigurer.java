package dev.tokenkit.spring.security;

import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtVerifier;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * Turns an {@link HttpSecurity} chain into a tokenkit-protected API:
 *
 * <pre>{@code
 * http.with(TokenkitConfigurer.tokenkit(tokenService), c -> c.jwt(verifier).signedRequests(true));
 * }</pre>
 *
 * It adds an authentication filter ({@link TokenAuthenticationConverter} + {@link
 * TokenAuthenticationProvider}) before the anonymous filter, makes the chain stateless (no HTTP
 * session is created, no request is saved), installs {@link TokenAuthenticationEntryPoint} and
 * {@link TokenAccessDeniedHandler}, and turns CSRF protection off for the whole chain: CSRF guards
 * credentials a browser sends by itself (session cookies), and this chain accepts none, only tokens
 * in headers that a page's script must add explicitly. Keep cookie or form logins in a separate
 * {@code SecurityFilterChain} with its own matcher and CSRF protection. Which endpoints need which
 * permission stays in {@code authorizeHttpRequests} (see {@link TokenAuthorizations}); browser
 * tokens never pass {@code .authenticated()} (see {@link TokenAuthentication}). Configure once per
 * chain; not thread-safe while configuring, as Spring Security configurers are not.
 */
public final class TokenkitConfigurer
    extends AbstractHttpConfigurer<TokenkitConfigurer, HttpSecurity> {

  private final TokenService tokens;
  private @Nullable JwtCheck jwt;
  private boolean signedRequests;
  private String signatureHeader = TokenAuthenticationConverter.DEFAULT_SIGNATURE_HEADER;
  private @Nullable String apiKeyHeader;
  private boolean problemDetails;
  private @Nullable String realm;
  private @Nullable TokenAuthenticationEntryPoint entryPoint;

  private TokenkitConfigurer(TokenService tokens) {
    this.tokens = tokens;
  }

  /**
   * A configurer authenticating with {@code tokens}: bearer API, server and browser tokens.
   *
   * @throws IllegalArgumentException if {@code tokens} is null
   */
  public static TokenkitConfigurer tokenkit(@Nullable TokenService tokens) {
    if (tokens == null) {
      throw new IllegalArgumentException("tokens (the TokenService) is required");
    }
    return new TokenkitConfigurer(tokens);
  }

  /**
   * Also accepts long-term JWTs in {@code Authorization: Bearer}, checked by {@code verifier}
   * (needs the token-jwt module).
   *
   * @throws IllegalArgumentException if {@code verifier} is null
   */
  public TokenkitConfigurer jwt(@Nullable JwtVerifier verifier) {
    if (verifier == null) {
      throw new IllegalArgumentException("verifier is required");
    }
    this.jwt = new JwtCheck(verifier);
    return this;
  }

  /**
   * Whether to accept signed-request headers ({@code X-Token-Signature} unless renamed). Needs a
   * {@code KeyRing} on the token service.
   */
  public TokenkitConfigurer signedRequests(boolean enabled) {
    this.signedRequests = enabled;
    return this;
  }

  /**
   * Renames the signed-request header.
   *
   * @throws IllegalArgumentException if {@code header} is null or blank
   */
  public TokenkitConfigurer signatureHeader(@Nullable String header) {
    this.signatureHeader = TokenAuthenticationConverter.headerName("signature header", header);
    return this;
  }

  /**
   * Also reads tokens from {@code header} (for example {@code X-API-Key}), for clients that send
   * the token there rather than in {@code Authorization: Bearer}. Answers are the same as for
   * bearer tokens.
   *
   * @throws IllegalArgumentException if {@code header} is not a usable header name, or is {@code
   *     Authorization}
   */
  public TokenkitConfigurer apiKeyHeader(@Nullable String header) {
    this.apiKeyHeader = TokenAuthenticationConverter.headerName("API-key header", header);
    return this;
  }

  /**
   * The realm named in {@code WWW-Authenticate} when no token was presented.
   *
   * @throws IllegalArgumentException if {@code realm} holds a quote, backslash or control character
   */
  public TokenkitConfigurer realm(@Nullable String realm) {
    new TokenAuthenticationEntryPoint(realm); // validates
    this.realm = realm;
    return this;
  }

  /**
   * Whether refusals are RFC 9457 problem details ({@code application/problem+json} with {@code
   * title}, {@code status}, {@code detail}, {@code instance} and the same {@code error} code)
   * rather than {@code {"error": ..., "message": ...}} (default false).
   */
  public TokenkitConfigurer problemDetails(boolean enabled) {
    this.problemDetails = enabled;
    return this;
  }

  @Override
  public void init(HttpSecurity http) {
    TokenAuthenticationEntryPoint entry = new TokenAuthenticationEntryPoint(realm, problemDetails);
    this.entryPoint = entry;
    // Stateless. The session configurer was applied (and initialised) before this one and chose
    // session-backed defaults, so it is removed and the shared objects it set are replaced; they
    // are read later, in configure.
    http.sessionManagement(AbstractHttpConfigurer::disable);
    http.setSharedObject(SessionCreationPolicy.class, SessionCreationPolicy.STATELESS);
    http.setSharedObject(
        SecurityContextRepository.class, new RequestAttributeSecurityContextRepository());
    http.setSharedObject(RequestCache.class, new NullRequestCache());
    http.requestCache(cache -> cache.requestCache(new NullRequestCache()));
    // CSRF protects ambient credentials (session cookies); a stateless token chain has none, and
    // its CSRF token would need a session. Cookie-based logins belong in another filter chain.
    http.csrf(AbstractHttpConfigurer::disable);
    http.exceptionHandling(
        exceptions ->
            exceptions
                .authenticationEntryPoint(entry)
                .accessDeniedHandler(new TokenAccessDeniedHandler(problemDetails)));
  }

  @Override
  public void configure(HttpSecurity http) {
    TokenAuthenticationEntryPoint entry = entryPoint;
    if (entry == null) {
      throw new IllegalStateException("init must run before configure");
    }
    if (signedRequests) {
      tokens.signedRequests(); // fails now, not on the first request, if there is no KeyRing
    }
    TokenAuthenticationProvider provider = TokenAuthenticationProvider.of(tokens);
    if (jwt != null) {
      provider = provider.withJwtCheck(jwt);
    }
    AuthenticationFilter filter =
        new AuthenticationFilter(new ProviderManager(provider), converter());
    filter.setSuccessHandler((request, response, authentication) -> {});
    filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(entry));
    filter.setSecurityContextRepository(new RequestAttributeSecurityContextRepository());
    filter.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
    http.addFilterBefore(postProcess(filter), AnonymousAuthenticationFilter.class);
  }

  private TokenAuthenticationConverter converter() {
    TokenAuthenticationConverter converter = TokenAuthenticationConverter.bearer();
    if (apiKeyHeader != null) {
      converter = converter.withApiKeyHeader(apiKeyHeader);
    }
    return signedRequests ? converter.withSignedRequests(signatureHeader) : converter;
  }

  @Override
  public String toString() {
    return "TokenkitConfigurer[jwt=" + (jwt != null) + ", signedRequests=" + signedRequests + "]";
  }
}

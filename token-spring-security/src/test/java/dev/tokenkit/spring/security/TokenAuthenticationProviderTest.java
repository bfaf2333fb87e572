package dev.tokenkit.spring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.RequestSigner;
import dev.tokenkit.core.TokenFormat;
import dev.tokenkit.core.TokenUpdate;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Converter and provider together, for every acceptance and every rejection reason. */
class TokenAuthenticationProviderTest {

  private final Fixture f = new Fixture();
  private final TokenAuthenticationConverter converter =
      TokenAuthenticationConverter.bearer().withSignedRequests("X-Token-Signature");
  private final TokenAuthenticationProvider provider =
      TokenAuthenticationProvider.of(f.tokens).withJwt(f.jwtVerifier);

  private static MockHttpServletRequest request(String... headers) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/content/docs");
    request.setRemoteAddr("192.0.2.10");
    for (int i = 0; i < headers.length; i += 2) {
      request.addHeader(headers[i], headers[i + 1]);
    }
    return request;
  }

  private Authentication authenticate(String... headers) {
    Authentication presented = converter.convert(request(headers));
    assertThat(presented).isNotNull();
    assertThat(presented.isAuthenticated()).isFalse();
    assertThat(provider.supports(presented.getClass())).isTrue();
    return provider.authenticate(presented);
  }

  private TokenAuthenticationException refused(String... headers) {
    try {
      authenticate(headers);
    } catch (TokenAuthenticationException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  private void assertRefused(RejectionReason reason, String... headers) {
    TokenAuthenticationException e = refused(headers);
    assertThat(e.rejection()).contains(reason);
    // The precise reason for logs, the outward code for answers (one for checks 1 to 3).
    assertThat(e.reason()).isEqualTo(reason.outwardError());
    assertThat(e.httpStatus()).isEqualTo(reason.httpStatus());
    assertThat(e.wwwAuthenticate()).startsWith("Bearer ");
    for (String value : headers) {
      String presented = value.startsWith("Bearer ") ? value.substring(7) : value;
      if (presented.length() > 8) {
        assertThat(e.getMessage()).doesNotContain(presented);
      }
    }
  }

  @Test
  void apiTokenAuthenticatesWithPermissionsAndKindAuthorities() {
    IssuedToken api = f.create(CreateTokenRequest.named("reader").access(TokenAccess.readOnly()));
    Authentication auth = authenticate("Authorization", "Bearer " + api.token());
    assertThat(auth).isInstanceOf(TokenAuthentication.class);
    assertThat(auth.isAuthenticated()).isTrue();
    assertThat(auth.getName()).isEqualTo(api.id().value());
    assertThat(auth.getCredentials()).isNull();
    assertThat(auth.getAuthorities())
        .extracting(GrantedAuthority::getAuthority)
        .containsExactlyInAnyOrder("content:read", "content:view", "TOKEN_API")
        .noneMatch(a -> a.startsWith("ROLE_"));
    assertThat(((TokenAuthentication) auth).principal().tokenId()).isEqualTo(api.id());
    assertThat(auth.toString()).doesNotContain(api.secret());
  }

  @Test
  void serverTokensAsBearerJwtAndSignedRequest() {
    IssuedToken server =
        f.create(
            CreateTokenRequest.named("sync")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("editor"))
                .issueJwt(true));
    assertThat(authenticate("Authorization", "Bearer " + server.token()).getAuthorities())
        .extracting(GrantedAuthority::getAuthority)
        .contains("TOKEN_SERVER", "content:write");
    assertThat(authenticate("Authorization", "Bearer " + server.jwt().orElseThrow()).getName())
        .isEqualTo(server.id().value());
    String signed =
        RequestSigner.of(server.key(), server.secret()).sign("=editor", f.clock.instant());
    assertThat(authenticate("X-Token-Signature", signed).getName()).isEqualTo(server.id().value());
  }

  @Test
  void browserTokenNeedsItsOrigin() {
    IssuedToken widget =
        f.create(
            CreateTokenRequest.named("widget")
                .kind(TokenKind.BROWSER)
                .access(TokenAccess.fullAccess().withAllowedOrigins(List.of("docs.example.com"))));
    assertThat(
            authenticate(
                    "Authorization",
                    "Bearer " + widget.token(),
                    "Origin",
                    "https://docs.example.com")
                .getAuthorities())
        .extracting(GrantedAuthority::getAuthority)
        .containsExactlyInAnyOrder("content:view", "TOKEN_BROWSER");
    assertRefused(
        RejectionReason.CLIENT_NOT_ALLOWED,
        "Authorization",
        "Bearer " + widget.token(),
        "Origin",
        "https://evil.example");
    assertRefused(RejectionReason.CLIENT_NOT_ALLOWED, "Authorization", "Bearer " + widget.token());
  }

  @Test
  void everyRejectionReason() {
    IssuedToken api = f.create(CreateTokenRequest.named("victim"));
    String token = api.token();
    // MALFORMED: empty, garbage, truncated, wrong checksum, non-ASCII, huge
    for (String bad :
        List.of(
            "",
            "garbage",
            token.substring(0, token.length() - 3),
            token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"),
            "tk_" + "é".repeat(50),
            "x".repeat(100_000))) {
      assertRefused(RejectionReason.MALFORMED, "Authorization", "Bearer " + bad);
    }
    // UNKNOWN: well formed, no such id
    String unknown =
        TokenFormat.defaults()
            .format(TokenKind.API, TokenId.of("000000000000"), token.substring(15, 47));
    assertRefused(RejectionReason.UNKNOWN, "Authorization", "Bearer " + unknown);
    // BAD_SECRET: right id, another secret with a valid checksum
    String wrongSecret = TokenFormat.defaults().format(TokenKind.API, api.id(), "b".repeat(32));
    assertRefused(RejectionReason.BAD_SECRET, "Authorization", "Bearer " + wrongSecret);
    // DISABLED, then enabled again, then EXPIRED, REVOKED
    f.tokens.update(f.admin, api.id(), TokenUpdate.builder().enabled(false).build());
    assertRefused(RejectionReason.DISABLED, "Authorization", "Bearer " + token);
    f.tokens.update(f.admin, api.id(), TokenUpdate.builder().enabled(true).build());
    IssuedToken shortLived =
        f.create(
            CreateTokenRequest.named("short")
                .lifetime(dev.tokenkit.core.Lifetime.until(f.clock.instant().plusSeconds(60))));
    f.clock.advance(Duration.ofMinutes(2));
    assertRefused(RejectionReason.EXPIRED, "Authorization", "Bearer " + shortLived.token());
    f.tokens.revoke(f.admin, api.id());
    assertRefused(RejectionReason.REVOKED, "Authorization", "Bearer " + token);
    // OWNER_INACTIVE
    IssuedToken editors = f.create(CreateTokenRequest.named("editor's").ownerId("editor"));
    f.users.put("editor", Owner.inactive("editor"));
    assertRefused(RejectionReason.OWNER_INACTIVE, "Authorization", "Bearer " + editors.token());
    // CLIENT_NOT_ALLOWED: CIDR
    IssuedToken bound =
        f.create(
            CreateTokenRequest.named("bound")
                .access(TokenAccess.fullAccess().withAllowedCidrs(List.of("203.0.113.0/24"))));
    assertRefused(RejectionReason.CLIENT_NOT_ALLOWED, "Authorization", "Bearer " + bound.token());
    // STALE_SIGNATURE
    IssuedToken server =
        f.create(
            CreateTokenRequest.named("srv")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("viewer")));
    String old =
        RequestSigner.of(server.key(), server.secret())
            .sign("=viewer", f.clock.instant().minus(Duration.ofHours(1)));
    assertRefused(RejectionReason.STALE_SIGNATURE, "X-Token-Signature", old);
    assertRefused(RejectionReason.MALFORMED, "X-Token-Signature", "tkn_truncated");
    // UNAVAILABLE
    IssuedToken healthy = f.create(CreateTokenRequest.named("healthy"));
    f.storeDown.set(true);
    TokenAuthenticationException down = refused("Authorization", "Bearer " + healthy.token());
    assertThat(down.httpStatus()).isEqualTo(503);
    assertThat(down.rejection()).contains(RejectionReason.UNAVAILABLE);
  }

  @Test
  void jwtFailures() {
    IssuedToken server =
        f.create(
            CreateTokenRequest.named("jwt")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("viewer"))
                .issueJwt(true));
    String jwt = server.jwt().orElseThrow();
    TokenAuthenticationException tampered = refused("Authorization", "Bearer " + jwt + "x");
    assertThat(tampered.httpStatus()).isEqualTo(401);
    assertThat(tampered.wwwAuthenticate()).contains("invalid_token");
    assertThat(refused("Authorization", "Bearer a.b.c").httpStatus()).isEqualTo(401);
    f.tokens.revoke(f.admin, server.id());
    TokenAuthenticationException revoked = refused("Authorization", "Bearer " + jwt);
    assertThat(revoked.rejection()).contains(RejectionReason.REVOKED);
    // Without a verifier, a JWT is just a malformed token.
    Authentication presented = converter.convert(request("Authorization", "Bearer " + jwt));
    assertThatThrownBy(() -> TokenAuthenticationProvider.of(f.tokens).authenticate(presented))
        .isInstanceOfSatisfying(
            TokenAuthenticationException.class,
            e -> assertThat(e.rejection()).contains(RejectionReason.MALFORMED));
  }

  @Test
  void converterReadsOnlyWhatIsOurs() {
    assertThat(converter.convert(request())).isNull();
    assertThat(converter.convert(request("Authorization", "Basic dXNlcjpwYXNz"))).isNull();
    assertThat(converter.convert(request("Authorization", "Bearerx"))).isNull();
    assertThat(converter.convert(request("Authorization", "bEaReR tk_x"))).isNotNull();
    assertThat(converter.convert(request("Authorization", "Bearer"))).isNotNull();
    assertThat(TokenAuthenticationConverter.bearer().convert(request("X-Token-Signature", "tkn_x")))
        .isNull();
    // Authorization wins over the signature header.
    Authentication both =
        converter.convert(request("Authorization", "Bearer a.b.c", "X-Token-Signature", "tkn_x"));
    assertThat(((TokenCredentials) both).form()).isEqualTo(TokenCredentials.Form.JWT);
    assertThat(both.toString()).doesNotContain("a.b.c");
    assertThat(
            ((TokenCredentials) converter.convert(request("Authorization", "Bearer a.b.c.d")))
                .form())
        .isEqualTo(TokenCredentials.Form.BEARER);
  }

  @Test
  void anApiKeyHeaderCarriesTheSameTokensAsBearer() {
    TokenAuthenticationConverter keys =
        TokenAuthenticationConverter.bearer()
            .withApiKeyHeader("X-API-Key")
            .withSignedRequests("X-Token-Signature");
    assertThat(TokenAuthenticationConverter.bearer().convert(request("X-API-Key", "tk_x")))
        .isNull();
    TokenCredentials key = (TokenCredentials) keys.convert(request("x-api-key", " tk_x "));
    assertThat(key.form()).isEqualTo(TokenCredentials.Form.BEARER);
    assertThat(key.getCredentials()).isEqualTo("tk_x");
    assertThat(((TokenCredentials) keys.convert(request("X-API-Key", "a.b.c"))).form())
        .isEqualTo(TokenCredentials.Form.JWT);
    // An empty value is still ours: the provider answers it with invalid_token.
    assertThat(keys.convert(request("X-API-Key", ""))).isNotNull();
    // Authorization wins over the API key, the API key over the signature header.
    TokenCredentials both =
        (TokenCredentials) keys.convert(request("Authorization", "Bearer a.b.c", "X-API-Key", "k"));
    assertThat(both.form()).isEqualTo(TokenCredentials.Form.JWT);
    assertThat(
            ((TokenCredentials) keys.convert(request("X-API-Key", "k", "X-Token-Signature", "s")))
                .form())
        .isEqualTo(TokenCredentials.Form.BEARER);
    assertThat(keys.toString()).contains("apiKeyHeader=X-API-Key");

    for (String bad :
        new String[] {
          null,
          "",
          " ",
          "X API Key",
          "X-Ключ",
          "Authorization",
          "authorization",
          "x".repeat(65),
          "X-Key:"
        }) {
      assertThatThrownBy(() -> TokenAuthenticationConverter.bearer().withApiKeyHeader(bad))
          .as(String.valueOf(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("API-key header");
      assertThatThrownBy(() -> TokenkitConfigurer.tokenkit(f.tokens).apiKeyHeader(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(
            () ->
                TokenAuthenticationConverter.bearer()
                    .withSignedRequests("X-Key")
                    .withApiKeyHeader("x-key"))
        .hasMessageContaining("differ");
    assertThatThrownBy(
            () ->
                TokenAuthenticationConverter.bearer()
                    .withApiKeyHeader("X-Key")
                    .withSignedRequests("X-KEY"))
        .hasMessageContaining("differ");
  }

  @Test
  void anApiTokenInTheApiKeyHeaderAuthenticatesAndAWrongOneIsInvalidToken() {
    TokenAuthenticationConverter keys =
        TokenAuthenticationConverter.bearer().withApiKeyHeader("X-API-Key");
    IssuedToken api = f.create(CreateTokenRequest.named("keyed"));
    Authentication ok = provider.authenticate(keys.convert(request("X-API-Key", api.token())));
    assertThat(ok.isAuthenticated()).isTrue();
    String wrongSecret = TokenFormat.defaults().format(TokenKind.API, api.id(), "b".repeat(32));
    assertThatThrownBy(() -> provider.authenticate(keys.convert(request("X-API-Key", wrongSecret))))
        .isInstanceOf(TokenAuthenticationException.class)
        .satisfies(
            e ->
                assertThat(((TokenAuthenticationException) e).reason()).isEqualTo("invalid_token"));
  }

  @Test
  void factoriesRefuseBadArguments() {
    assertThatThrownBy(() -> TokenAuthenticationProvider.of(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> provider.withJwt(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> converter.withSignedRequests(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenAuthentication.of(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenkitConfigurer.tokenkit(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenkitConfigurer.tokenkit(f.tokens).realm("a\"b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenAuthorizations.permission("content"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenAuthorizations.permission(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenAuthorizations.permissionOnPath("content:read", "api"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TokenExpressions(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> provider.authenticate(new TokenAuthenticationConverterTestSupport.Other()))
        .isInstanceOf(IllegalArgumentException.class);
    IssuedToken api = f.create(CreateTokenRequest.named("immutable"));
    TokenAuthentication auth =
        (TokenAuthentication) authenticate("Authorization", "Bearer " + api.token());
    assertThatThrownBy(() -> auth.setAuthenticated(true))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.tokenkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.KeyRing;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.PepperRing;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.RequestSigner;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's server-token example (JWT, signed requests, reveal), verbatim, run as a test. */
class ReadmeJwtExampleTest {

  @Test
  void serverTokenExampleRuns() {
    SecureRandom random = new SecureRandom();
    byte[] pepper = new byte[32];
    byte[] masterKey = new byte[32];
    random.nextBytes(pepper);
    random.nextBytes(masterKey);
    Actor admin = Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("*:*"));
    String signedHeader;

    // README:server BEGIN
    JwtIssuer issuer = JwtIssuer.builder().issuer("https://example.com/").audience("api").build();
    TokenService tokens =
        TokenService.builder()
            .store(MemoryTokenStore.create())
            .pepperRing(PepperRing.of(1, pepper))
            .keyRing(KeyRing.of(1, masterKey)) // sealed secrets: reveal, signing, JWT checks
            .owners(id -> Optional.of(Owner.active(id, "*:*")))
            .jwtIssuer(issuer)
            .build();

    IssuedToken server =
        tokens.create(
            admin,
            CreateTokenRequest.named("billing sync")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("42"))
                .issueJwt(true)
                .build());
    String jwt = server.jwt().orElseThrow(); // shown once, never stored

    // Verify the JWT on each request; revoking the token makes it fail.
    JwtVerifier verifier =
        JwtVerifier.builder()
            .tokenService(tokens)
            .expectedIssuer("https://example.com/")
            .expectedAudience("api")
            .acceptStringNumericDates(false) // true also accepts "exp":"2055518449"
            .build();
    JwtResult result = verifier.verify(jwt);
    // result.valid(), result.keyId(), result.subject(), result.failure(), result.principal()

    // Or sign each request: the client keeps key and secret ...
    RequestSigner signer = RequestSigner.of(server.key(), server.secret());
    signedHeader = signer.sign("42", Instant.now()); // tkn_{key}_{epoch}_{user}_{hmac}
    // ... and the server checks the header, getting the same AuthResult as a bearer token.
    AuthResult signed = tokens.signedRequests().verify(signedHeader, RequestContext.empty());

    // An admin with tokens.reveal may show the secret again (audited, never logged).
    IssuedToken again = tokens.reveal(admin, server.id());
    // README:server END

    assertThat(result.valid()).isTrue();
    assertThat(result.keyId()).isEqualTo(server.key());
    assertThat(signed.isAuthenticated()).isTrue();
    assertThat(signed.principal().orElseThrow().actingUserId()).contains("42");
    assertThat(again.secret()).isEqualTo(server.secret());
    assertThat(signedHeader).startsWith("tkn_" + server.key() + "_");
    tokens.revoke(admin, server.id());
    assertThat(verifier.verify(jwt).valid()).isFalse();
  }

  /**
   * The README's configuration with a clock that moves: the JWT of a server token created without a
   * lifetime still verifies ten calendar years minus a day later, and not after ten years.
   */
  @Test
  void theReadmeJwtLastsTenYears() {
    Instant start = Instant.parse("2026-12-04T12:00:00Z");
    Instant[] now = {start};
    Clock clock =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    Actor admin = Actor.of("admin", EnumSet.allOf(AdminPermission.class), Set.of("*:*"));
    JwtIssuer issuer =
        JwtIssuer.builder().issuer("https://example.com/").audience("api").clock(clock).build();
    TokenService tokens =
        TokenService.builder()
            .store(MemoryTokenStore.create())
            .pepperRing(PepperRing.of(1, new byte[32]))
            .keyRing(KeyRing.of(1, new byte[32]))
            .owners(id -> Optional.of(Owner.active(id, "*:*")))
            .jwtIssuer(issuer)
            .clock(clock)
            .build();
    IssuedToken server =
        tokens.create(
            admin,
            CreateTokenRequest.named("billing sync")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("42"))
                .issueJwt(true)
                .build());
    JwtVerifier verifier =
        JwtVerifier.builder()
            .tokenService(tokens)
            .expectedIssuer("https://example.com/")
            .expectedAudience("api")
            .clock(clock)
            .build();
    Instant tenYears = start.atOffset(ZoneOffset.UTC).plusYears(10).toInstant();
    now[0] = tenYears.minus(Duration.ofDays(1));
    JwtResult nineYearsAnd364Days = verifier.verify(server.jwt().orElseThrow());
    assertThat(nineYearsAnd364Days.valid()).as(String.valueOf(nineYearsAnd364Days)).isTrue();
    now[0] = tenYears.plus(Duration.ofDays(2));
    assertThat(verifier.verify(server.jwt().orElseThrow()).valid()).isFalse();
    // The token itself lives as long as its JWT; an explicit shorter lifetime caps the JWT's exp.
    assertThat(server.record().expiresAt().orElseThrow()).isAfterOrEqualTo(tenYears);
    now[0] = start;
    IssuedToken shortLived =
        tokens.create(
            admin,
            CreateTokenRequest.named("short")
                .kind(TokenKind.SERVER)
                .access(TokenAccess.fullAccess().withRestrictedUser("42"))
                .issueJwt(true)
                .lifetime(dev.tokenkit.core.Lifetime.NINETY_DAYS)
                .build());
    now[0] = start.plus(Duration.ofDays(91));
    assertThat(verifier.verify(shortLived.jwt().orElseThrow()).failure())
        .isEqualTo(JwtFailure.EXPIRED);
  }

  @Test
  void readmeShowsTheExampleVerbatim() throws IOException {
    Path module = Path.of("").toAbsolutePath();
    List<String> readme =
        Files.readAllLines(module.getParent().resolve("README.md"), StandardCharsets.UTF_8);
    List<String> source =
        Files.readAllLines(
            module.resolve("src/test/java/dev/tokenkit/jwt/ReadmeJwtExampleTest.java"),
            StandardCharsets.UTF_8);
    int begin = find(source, "// README:server BEGIN");
    int open = find(readme, "<!-- example:server ") + 1;
    assertThat(readme.get(open)).isEqualTo("```java");
    int close = open + 1;
    while (!readme.get(close).equals("```")) {
      close++;
    }
    assertThat(
            dedent(readme.subList(open + 1, close))
                .replace("String signedHeader =", "signedHeader ="))
        .isEqualTo(dedent(source.subList(begin + 1, find(source, "// README:server END"))));
  }

  private static int find(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("marker not found: " + prefix);
  }

  private static String dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream()
        .map(l -> l.isBlank() ? "" : l.substring(indent))
        .collect(Collectors.joining("\n"));
  }
}

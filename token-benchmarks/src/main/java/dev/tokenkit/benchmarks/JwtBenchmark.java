package dev.tokenkit.benchmarks;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.jwt.JwtIssuer;
import dev.tokenkit.jwt.JwtResult;
import dev.tokenkit.jwt.JwtVerifier;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * HS512 JWT verify and issue: ours (all checks on) against raw nimbus and auth0 java-jwt, with the
 * same 10-year claims and the same 64-byte key.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class JwtBenchmark {

  static final String SECRET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZab";
  static final String KID = "abcDEF012345";
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  byte[] key;
  String jwt;
  MACSigner signer;
  MACVerifier nimbusVerifier;
  com.auth0.jwt.interfaces.JWTVerifier auth0Verifier;
  JwtVerifier verifier;
  String serverJwt;
  JwtVerifier serverVerifier;
  JwtIssuer issuer;
  TokenRecord record;
  JWSHeader header;
  JWTClaimsSet claims;
  String worstJwt;
  String serverWorstJwt;

  @Setup(Level.Trial)
  public void setUp() throws JOSEException {
    key = SECRET.getBytes(StandardCharsets.US_ASCII);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    issuer =
        JwtIssuer.builder().issuer("https://example.com/").audience("api").clock(clock).build();
    record =
        TokenRecord.builder()
            .id(TokenId.of(KID))
            .kind(TokenKind.SERVER)
            .name("bench")
            .secret(HashedSecret.of(1, new byte[32]))
            .createdAt(NOW)
            .build();
    jwt = issuer.issue(record, SECRET);
    TokenService sealing = Fixture.sealingService(MemoryTokenStore.create());
    IssuedToken server =
        sealing.create(
            Fixture.ADMIN, CreateTokenRequest.named("jwt server").kind(TokenKind.SERVER).build());
    serverJwt = issuer.issue(server.record(), server.secret());
    serverVerifier =
        JwtVerifier.builder()
            .tokenService(sealing)
            .expectedIssuer("https://example.com/")
            .expectedAudience("api")
            .build();
    signer = new MACSigner(key);
    nimbusVerifier = new MACVerifier(key);
    auth0Verifier =
        JWT.require(Algorithm.HMAC512(key))
            .withIssuer("https://example.com/")
            .withAudience("api")
            .acceptLeeway(60)
            .build();
    verifier =
        JwtVerifier.builder()
            .keyResolver(kid -> Optional.of(key))
            .expectedIssuer("https://example.com/")
            .expectedAudience("api")
            .build();
    worstJwt = worstCase(KID);
    serverWorstJwt = worstCase(server.key());
    header = new JWSHeader.Builder(JWSAlgorithm.HS512).keyID(KID).type(JOSEObjectType.JWT).build();
    claims =
        new JWTClaimsSet.Builder()
            .subject(KID)
            .issuer("https://example.com/")
            .audience("api")
            .issueTime(Date.from(NOW))
            .notBeforeTime(Date.from(NOW))
            .expirationTime(Date.from(NOW.plus(JwtIssuer.DEFAULT_LIFETIME)))
            .build();
  }

  @Benchmark
  public Object nimbusVerifyHs512() throws ParseException, JOSEException {
    SignedJWT parsed = SignedJWT.parse(jwt);
    if (!parsed.verify(nimbusVerifier)) {
      throw new IllegalStateException("signature");
    }
    return parsed.getJWTClaimsSet();
  }

  @Benchmark
  public Object auth0VerifyHs512() {
    return auth0Verifier.verify(jwt);
  }

  @Benchmark
  public JwtResult verify() {
    return verifier.verify(jwt);
  }

  /**
   * A JWT signed with a server token's own secret: every check of {@link #verify} plus the token's
   * lookup, its sealed secret opened (AES-GCM) and the token's state checks. A report row.
   */
  @Benchmark
  public JwtResult verifyServerToken() {
    return serverVerifier.verify(serverJwt);
  }

  /**
   * The costliest input nobody signed that the caps allow, for a known key id: the header at its
   * cap, filled with the cheapest-to-write and costliest-to-parse values (one-digit numbers), the
   * claims filling the rest of the 8 kB, a wrong signature. Parsing stops at the header; the HMAC
   * over the whole signing input is what remains.
   */
  static String worstCase(String kid) {
    String header =
        fill(
            "{\"alg\":\"HS512\",\"kid\":\"" + kid + "\",\"typ\":\"JWT\",\"x\":[",
            JwtVerifier.MAX_HEADER_LENGTH);
    int rest = JwtVerifier.MAX_LENGTH - header.length() - 2 - 86;
    String claims = fill("{\"sub\":\"" + kid + "\",\"exp\":4102444800,\"x\":[", rest);
    return header + "." + claims + "." + "A".repeat(86);
  }

  /** Base64url of {@code start} + "1,1,...]}" as long as the encoding fits {@code maxChars}. */
  private static String fill(String start, int maxChars) {
    StringBuilder json = new StringBuilder(start).append('1');
    while (base64Length(json.length() + 4) <= maxChars) {
      json.append(",1");
    }
    byte[] raw = json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private static int base64Length(int bytes) {
    return (bytes * 4 + 2) / 3;
  }

  /** {@link #worstCase} against {@link #verify}'s resolver: a report row, target 3x verify. */
  @Benchmark
  public JwtResult verifyWorstCase() {
    return verifier.verify(worstJwt);
  }

  /** {@link #worstCase} naming the server token: against {@link #verifyServerToken}. */
  @Benchmark
  public JwtResult verifyServerTokenWorstCase() {
    return serverVerifier.verify(serverWorstJwt);
  }

  @Benchmark
  public String nimbusSignHs512() throws JOSEException {
    SignedJWT signed = new SignedJWT(header, claims);
    signed.sign(signer);
    return signed.serialize();
  }

  @Benchmark
  public String issue() {
    return issuer.issue(record, SECRET);
  }
}

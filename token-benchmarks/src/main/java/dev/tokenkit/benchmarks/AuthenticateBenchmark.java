package dev.tokenkit.benchmarks;

import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.Decision;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.RequestSigner;
import dev.tokenkit.core.SignedRequestVerifier;
import dev.tokenkit.core.TokenFormat;
import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.memory.MemoryTokenStore;
import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The request path: authenticate a valid, a garbage and an unknown token, and authorize on a
 * 50-permission scope, next to one raw HMAC-SHA256 (the cost the path cannot avoid) and a
 * Strapi-style HMAC-SHA512 of a 256-hex-char key. {@link #storeLookupDependent} measures the memory
 * latency that a lookup spread over many tokens waits for.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class AuthenticateBenchmark {

  /** Tokens in the memory store; lookups are spread across all of them. */
  @Param("100000")
  public int tokens;

  TokenService service;
  TokenStore store;
  String[] valid;
  TokenId[] ids;
  String garbage;
  String unknown;
  TokenPrincipal custom50;
  SignedRequestVerifier signedRequests;
  String signedHeader;
  byte[] secret32;
  String strapiKey;

  /** One reused Mac per benchmark thread, as a well-written host would keep. */
  @State(Scope.Thread)
  public static class Macs {
    Mac sha256;
    Mac sha512;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
      sha256 = Mac.getInstance("HmacSHA256");
      sha256.init(new SecretKeySpec(Fixture.PEPPER, "HmacSHA256"));
      sha512 = Mac.getInstance("HmacSHA512");
      sha512.init(new SecretKeySpec(Fixture.PEPPER, "HmacSHA512"));
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    store = MemoryTokenStore.create();
    service = Fixture.service(store);
    List<String> created = Fixture.createTokens(service, tokens);
    valid = created.toArray(new String[0]);
    ids = new TokenId[valid.length];
    int idStart = TokenFormat.defaults().prefix(TokenKind.API).length() + 1;
    for (int i = 0; i < ids.length; i++) {
      ids[i] = TokenId.of(valid[i].substring(idStart, idStart + TokenId.LENGTH));
    }
    String first = valid[0];
    char last = first.charAt(first.length() - 1);
    garbage = first.substring(0, first.length() - 1) + (last == 'A' ? 'B' : 'A');
    unknown =
        TokenFormat.defaults()
            .format(TokenKind.API, TokenId.of("000000000000"), first.substring(15, 47));
    String scoped =
        service
            .create(
                Fixture.ADMIN,
                CreateTokenRequest.named("custom 50")
                    .access(
                        TokenAccess.fullAccess()
                            .withMode(AccessMode.CUSTOM, Fixture.customScope50()))
                    .build())
            .token();
    TokenPrincipal principal =
        service.authenticate(scoped, RequestContext.empty()).principal().orElseThrow();
    custom50 = principal;
    secret32 = first.substring(15, 47).getBytes(StandardCharsets.US_ASCII);
    strapiKey = HexFormat.of().formatHex(new byte[128]).replace('0', 'a');
    TokenService sealing = Fixture.sealingService(MemoryTokenStore.create());
    IssuedToken server =
        sealing.create(
            Fixture.ADMIN, CreateTokenRequest.named("server").kind(TokenKind.SERVER).build());
    signedRequests = sealing.signedRequests();
    // Valid for the verifier's five-minute window: a trial lasts seconds.
    signedHeader = RequestSigner.of(server.key(), server.secret()).sign("=admin", Instant.now());
  }

  @Benchmark
  public byte[] rawHmacSha256(Macs macs) {
    return macs.sha256.doFinal(secret32);
  }

  @Benchmark
  public AuthResult authenticateValid(Macs macs) {
    String token = valid[macs.next++ % valid.length];
    return service.authenticate(token, RequestContext.empty());
  }

  /**
   * One memory-store lookup by id, the one {@code authenticateValid} makes, where each lookup waits
   * for the one before: its score is the latency of the table slot and record a spread
   * authentication cannot overlap with anything (independent lookups in a tight loop would overlap
   * their cache misses and hide it). A report row, not a target.
   */
  @Benchmark
  public long storeLookupDependent(Macs macs) {
    TokenRecord record = store.find(ids[macs.next % ids.length]).orElseThrow();
    // Always 0 here (versions are small), but the JIT cannot know: the next index waits for this
    // record.
    macs.next += 1 + (int) (record.version() >>> 62);
    return record.version();
  }

  /**
   * A signed request from a server token: its sealed secret opened (AES-GCM), the header's
   * HMAC-SHA256 checked, then the same checks as a bearer token. A report row.
   */
  @Benchmark
  public AuthResult verifySignedRequest() {
    return signedRequests.verify(signedHeader, RequestContext.empty());
  }

  @Benchmark
  public AuthResult authenticateGarbage() {
    return service.authenticate(garbage, RequestContext.empty());
  }

  @Benchmark
  public AuthResult authenticateUnknown() {
    return service.authenticate(unknown, RequestContext.empty());
  }

  /**
   * A request's check on the principal of a 50-permission custom token. A principal keeps no state
   * between calls (no cache to warm), so asking the same one again costs what a fresh one would.
   */
  @Benchmark
  public Decision authorizeCustom50() {
    return custom50.authorize("res7:delete");
  }

  @Benchmark
  public String strapiStyleBaseline(Macs macs) {
    return HexFormat.of()
        .formatHex(macs.sha512.doFinal(strapiKey.getBytes(StandardCharsets.US_ASCII)));
  }
}

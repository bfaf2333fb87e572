package dev.tokenkit.spring.boot;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.HttpRequestParts;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.SignedRequestVerifier;
import dev.tokenkit.core.TokenFormat;
import dev.tokenkit.core.TokenPrincipal;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.core.TokenUpdate;
import dev.tokenkit.core.UsageRecorder;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenState;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenService} whose authentications are counted ({@code tokenkit.authentications}) and
 * observed ({@code tokenkit.authentication}: a timer through Micrometer's observation handler, and
 * a span when the application traces). Tags are the result ({@code authenticated} or {@code
 * rejected}), the rejection reason ({@code none} when authenticated) and the token kind ({@code
 * unknown} when it cannot be told): a bounded set, never a token or an id. Management calls pass
 * through. Thread-safe when the service is.
 */
final class ObservedTokenService implements TokenService {

  static final String COUNTER = "tokenkit.authentications";
  static final String OBSERVATION = "tokenkit.authentication";

  private final TokenService tokens;
  private final MeterRegistry meters;
  private final ObservationRegistry observations;
  private final Map<TokenKind, String> prefixes = new EnumMap<>(TokenKind.class);

  ObservedTokenService(
      TokenService tokens,
      MeterRegistry meters,
      @Nullable ObservationRegistry observations,
      TokenFormat format) {
    this.tokens = tokens;
    this.meters = meters;
    this.observations = observations == null ? ObservationRegistry.NOOP : observations;
    for (TokenKind kind : TokenKind.values()) {
      prefixes.put(kind, format.prefix(kind) + "_");
    }
  }

  @Override
  public AuthResult authenticate(@Nullable String presented, @Nullable RequestContext context) {
    return observe(kindOf(presented), () -> tokens.authenticate(presented, context));
  }

  @Override
  public AuthResult authenticateProven(
      TokenId id, Predicate<byte[]> proof, @Nullable RequestContext context) {
    return observe(TokenKind.SERVER, () -> tokens.authenticateProven(id, proof, context));
  }

  @Override
  public AuthResult authenticateKeyProven(
      TokenId id, BooleanSupplier keyProof, @Nullable RequestContext context) {
    return observe(TokenKind.SERVER, () -> tokens.authenticateKeyProven(id, keyProof, context));
  }

  @Override
  public SignedRequestVerifier signedRequests() {
    SignedRequestVerifier verifier = tokens.signedRequests();
    return new SignedRequestVerifier() {
      @Override
      public AuthResult verify(@Nullable String header, @Nullable RequestContext context) {
        return observe(TokenKind.SERVER, () -> verifier.verify(header, context));
      }

      @Override
      public AuthResult verifyMessage(
          @Nullable HttpRequestParts request, @Nullable RequestContext context) {
        return observe(TokenKind.SERVER, () -> verifier.verifyMessage(request, context));
      }
    };
  }

  /** The kind a presented string's prefix names, or null when it names none. */
  private @Nullable TokenKind kindOf(@Nullable String presented) {
    if (presented != null) {
      for (Map.Entry<TokenKind, String> prefix : prefixes.entrySet()) {
        if (presented.startsWith(prefix.getValue())) {
          return prefix.getKey();
        }
      }
    }
    return null;
  }

  private AuthResult observe(@Nullable TokenKind presentedKind, Supplier<AuthResult> call) {
    Observation observation = Observation.createNotStarted(OBSERVATION, observations).start();
    AuthResult result;
    Observation.Scope scope = observation.openScope();
    try {
      result = call.get();
    } catch (RuntimeException e) {
      observation.error(e);
      observation.stop();
      throw e;
    } finally {
      scope.close();
    }
    String outcome = result.isAuthenticated() ? "authenticated" : "rejected";
    String reason =
        result instanceof AuthResult.Rejected rejected
            ? rejected.reason().name().toLowerCase(Locale.ROOT)
            : "none";
    TokenKind kind = result.principal().map(TokenPrincipal::kind).orElse(presentedKind);
    String kindTag = kind == null ? "unknown" : kind.name().toLowerCase(Locale.ROOT);
    observation
        .lowCardinalityKeyValues(KeyValues.of("result", outcome, "reason", reason, "kind", kindTag))
        .stop();
    Counter.builder(COUNTER)
        .description("Token authentications, by result, rejection reason and token kind")
        .tags("result", outcome, "reason", reason, "kind", kindTag)
        .register(meters)
        .increment();
    return result;
  }

  // ---- management: passes through ----------------------------------------------------------

  @Override
  public IssuedToken create(Actor actor, CreateTokenRequest request) {
    return tokens.create(actor, request);
  }

  @Override
  public Optional<TokenRecord> get(Actor actor, TokenId id) {
    return tokens.get(actor, id);
  }

  @Override
  public TokenPage list(Actor actor, TokenFilter filter, @Nullable String cursor, int limit) {
    return tokens.list(actor, filter, cursor, limit);
  }

  @Override
  public TokenRecord update(Actor actor, TokenId id, TokenUpdate update) {
    return tokens.update(actor, id, update);
  }

  @Override
  public IssuedToken regenerate(Actor actor, TokenId id, Duration gracePeriod) {
    return tokens.regenerate(actor, id, gracePeriod);
  }

  @Override
  public TokenRecord revoke(Actor actor, TokenId id) {
    return tokens.revoke(actor, id);
  }

  @Override
  public boolean delete(Actor actor, TokenId id) {
    return tokens.delete(actor, id);
  }

  @Override
  public IssuedToken reveal(Actor actor, TokenId id) {
    return tokens.reveal(actor, id);
  }

  @Override
  public TokenState stateOf(TokenRecord record) {
    return tokens.stateOf(record);
  }

  @Override
  public String issueJwt(Actor actor, TokenId id) {
    return tokens.issueJwt(actor, id);
  }

  @Override
  public UsageRecorder usage() {
    return tokens.usage();
  }

  @Override
  public String toString() {
    return "ObservedTokenService[" + tokens + "]";
  }
}

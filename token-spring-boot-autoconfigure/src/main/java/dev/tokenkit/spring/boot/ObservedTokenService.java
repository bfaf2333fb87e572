package dev.tokenkit.spring.boot;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.HttpRequestParts;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.LeakOutcome;
import dev.tokenkit.core.RejectionReason;
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
import java.util.Collection;
import java.util.List;
import java.util.Locale;
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

  private static final RejectionReason[] REASONS = RejectionReason.values();
  private static final TokenKind[] KINDS = TokenKind.values();

  private final TokenService tokens;
  private final MeterRegistry meters;
  private final ObservationRegistry observations;
  // "tk_" for KINDS[i] at prefixes[i]: scanned without an iterator.
  private final String[] prefixes = new String[KINDS.length];

  /**
   * The tags and counter of each outcome, made on first use and kept: the authentication path does
   * no meter lookup and builds no tags. Row: the kind (last row: unknown); column: the rejection
   * reason (last column: authenticated). A racing first use makes the same counter twice, which the
   * registry answers with one instance; {@link Outcome} has only final fields.
   */
  private final Outcome[][] outcomes = new Outcome[KINDS.length + 1][REASONS.length + 1];

  /** One outcome's tags (for the observation) and counter. */
  private static final class Outcome {
    final KeyValues tags;
    final Counter counter;

    Outcome(KeyValues tags, Counter counter) {
      this.tags = tags;
      this.counter = counter;
    }
  }

  ObservedTokenService(
      TokenService tokens,
      MeterRegistry meters,
      @Nullable ObservationRegistry observations,
      TokenFormat format) {
    this.tokens = tokens;
    this.meters = meters;
    this.observations = observations == null ? ObservationRegistry.NOOP : observations;
    for (int i = 0; i < KINDS.length; i++) {
      prefixes[i] = format.prefix(KINDS[i]) + "_";
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
      for (int i = 0; i < KINDS.length; i++) {
        if (presented.startsWith(prefixes[i])) {
          return KINDS[i];
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
    RejectionReason reason =
        result instanceof AuthResult.Rejected rejected ? rejected.reason() : null;
    TokenKind kind = result.principal().map(TokenPrincipal::kind).orElse(presentedKind);
    Outcome outcome = outcome(kind, reason);
    observation.lowCardinalityKeyValues(outcome.tags).stop();
    outcome.counter.increment();
    return result;
  }

  @SuppressWarnings("EnumOrdinal") // a table index within this JVM, never stored
  private Outcome outcome(@Nullable TokenKind kind, @Nullable RejectionReason reason) {
    int row = kind == null ? KINDS.length : kind.ordinal();
    int column = reason == null ? REASONS.length : reason.ordinal();
    Outcome known = outcomes[row][column];
    if (known != null) {
      return known;
    }
    String result = reason == null ? "authenticated" : "rejected";
    String reasonTag = reason == null ? "none" : reason.name().toLowerCase(Locale.ROOT);
    String kindTag = kind == null ? "unknown" : kind.name().toLowerCase(Locale.ROOT);
    Outcome made =
        new Outcome(
            KeyValues.of("result", result, "reason", reasonTag, "kind", kindTag),
            Counter.builder(COUNTER)
                .description("Token authentications, by result, rejection reason and token kind")
                .tags("result", result, "reason", reasonTag, "kind", kindTag)
                .register(meters));
    outcomes[row][column] = made;
    return made;
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
  public TokenPage listExpiring(
      Actor actor, @Nullable Duration within, @Nullable String cursor, int limit) {
    return tokens.listExpiring(actor, within, cursor, limit);
  }

  @Override
  public List<TokenRecord> noticeExpiring(@Nullable Duration within) {
    return tokens.noticeExpiring(within);
  }

  @Override
  public List<LeakOutcome> reportLeaked(
      @Nullable Collection<String> candidates, @Nullable String source) {
    return tokens.reportLeaked(candidates, source);
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

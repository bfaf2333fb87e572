package dev.tokenkit.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;

import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.SensitiveBytes;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenState;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.spi.UseRefill;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit for {@link TokenStore}: every promise of the SPI as a JUnit Jupiter test.
 * Extend it in your store's tests and implement {@link #newStore()}:
 *
 * <pre>{@code
 * class MyTokenStoreTest extends TokenStoreContract {
 *   @Override
 *   protected TokenStore newStore() {
 *     return new MyTokenStore(freshEmptyDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>Covers: create/find/findByName/findByIds round trips of every field, id and case-insensitive
 * name uniqueness, compare-and-set updates, monotonic {@code lastUsedAt}, delete, filtered cursor
 * paging (also under concurrent writes), {@code recordUsage}, {@code deleteExpired}, argument
 * checks, races (two creators of one name, two updaters of one version, readers during writes), and
 * a model-based property that runs random operation sequences against the store and a map model.
 *
 * <p>Instants in these tests have at most microsecond precision, which every store must keep.
 */
public abstract class TokenStoreContract implements UseLimitContract, BatchLookupContract {

  /** The fixed "now" of these tests; stores must not depend on the wall clock. */
  protected static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static final int RACE_ROUNDS = 50;

  /** The store under test, fresh for each test. */
  protected TokenStore store;

  private ExecutorService pool;

  /** For subclasses. */
  protected TokenStoreContract() {}

  /**
   * A new, empty store. Called before every test, and once per example of the model-based property,
   * so it should be cheap (for a database: truncate the table rather than recreate it).
   */
  protected abstract TokenStore newStore();

  @Override
  public TokenStore storeUnderTest() {
    return store;
  }

  @BeforeEach
  void setUpContract() {
    store = newStore();
    pool = Executors.newFixedThreadPool(4);
  }

  @AfterEach
  void tearDownContract() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  // ---- fixtures ----------------------------------------------------------------------------

  /** A valid id derived from {@code n}. */
  protected static TokenId id(int n) {
    return TokenId.of(String.format("id%010d", n));
  }

  /** A minimal valid API-token record. */
  protected static TokenRecord record(TokenId id, String name) {
    return TokenRecord.builder()
        .id(id)
        .kind(TokenKind.API)
        .name(name)
        .secret(HashedSecret.of(1, hashBytes(id.value())))
        .createdAt(NOW)
        .build();
  }

  /** A record with every field set, including non-ASCII text. */
  protected static TokenRecord fullRecord(TokenId id, String name) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("team", "plattform-ü");
    attributes.put("ticket", "OPS-1");
    return TokenRecord.builder()
        .id(id)
        .kind(TokenKind.SERVER)
        .name(name)
        .description("für CI — line one\nline two")
        .tenant("mandant-ß")
        .ownerId("group-7")
        .ownerKind(OwnerKind.GROUP)
        .secret(HashedSecret.of(3, hashBytes("current")))
        .sealedSecret(SensitiveBytes.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}))
        .previousSecret(HashedSecret.of(2, hashBytes("previous")), NOW.plusSeconds(3600))
        .access(
            TokenAccess.custom("docs:read", "docs:write", "*:read")
                .withRootNodes(List.of("/docs", "/blog"))
                .withAllowedOrigins(List.of("example.com", "*.example.org"))
                .withAllowedCidrs(List.of("10.0.0.0/8", "2001:db8::/32"))
                .withRestrictedUser("user-42")
                .withRateLimits(
                    List.of(
                        RateLimit.of(100, Duration.ofMinutes(1)),
                        RateLimit.of(1_000_000_000, Duration.ofDays(366)))))
        .enabled(false)
        .createdAt(NOW.minusSeconds(86_400).plusNanos(123_000))
        .updatedAt(NOW.minusSeconds(60))
        .expiresAt(NOW.plus(Duration.ofDays(30)))
        .lastUsedAt(NOW.minusSeconds(5))
        .revokedAt(NOW.minusSeconds(1))
        .jwtIssuedAt(NOW.minusSeconds(86_000).plusNanos(456_000))
        .expiryNoticeFor(NOW.plus(Duration.ofDays(30)))
        .remainingUses(1_000_000_000_000L)
        .usesRefill(
            UseRefill.of(500, Duration.ofDays(1), NOW.minusSeconds(3_600).plusNanos(789_000)))
        .attributes(attributes)
        .version(7)
        .build();
  }

  private static byte[] hashBytes(String seed) {
    byte[] out = new byte[32];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (seed.hashCode() * 31 + i * 17);
    }
    return out;
  }

  // ---- create / find -----------------------------------------------------------------------

  @Test
  void createdRecordIsFoundByIdWithEveryField() {
    TokenRecord full = fullRecord(id(1), "Deploy bot ✓");
    assertThat(store.create(full)).isEqualTo(full);
    assertThat(store.find(id(1))).contains(full);
  }

  @Test
  void createdRecordIsFoundByNameIgnoringCase() {
    TokenRecord r = record(id(1), "Deploy Bot");
    store.create(r);
    assertThat(store.findByName("deploy bot")).contains(r);
    assertThat(store.findByName("DEPLOY BOT")).contains(r);
    assertThat(store.findByName("deploy")).isEmpty();
  }

  @Test
  void namesAreUniquePerTenant() {
    TokenRecord plain = record(id(1), "CI deploy");
    TokenRecord a = record(id(2), "CI deploy").toBuilder().tenant("a").build();
    TokenRecord b = record(id(3), "ci DEPLOY").toBuilder().tenant("b").build();
    store.create(plain);
    store.create(a);
    store.create(b);
    assertThatThrownBy(
            () -> store.create(record(id(4), "Ci Deploy").toBuilder().tenant("a").build()))
        .isInstanceOfSatisfying(
            DuplicateTokenException.class,
            e -> assertThat(e.field()).isEqualTo(DuplicateTokenException.Field.NAME));
    assertThat(store.find(id(4))).isEmpty();
    assertThat(store.findByName("ci deploy")).contains(plain);
    assertThat(store.findByName(null, "ci deploy")).contains(plain);
    assertThat(store.findByName("a", "CI DEPLOY")).contains(a);
    assertThat(store.findByName("b", "ci deploy")).contains(b);
    assertThat(store.findByName("c", "ci deploy")).isEmpty();
    // A rename within a tenant clashes only with names of that tenant.
    TokenRecord renamed = store.update(a.toBuilder().name("release").build());
    assertThat(store.findByName("a", "release")).contains(renamed);
    store.create(record(id(5), "CI deploy").toBuilder().tenant("a").build());
    assertThat(store.update(b.toBuilder().name("Release").build()).name()).isEqualTo("Release");
    assertThatThrownBy(() -> store.update(renamed.toBuilder().name("ci deploy").build()))
        .isInstanceOf(DuplicateTokenException.class);
  }

  @Test
  void listFiltersByTenant() {
    store.create(record(id(1), "plain"));
    store.create(record(id(2), "a1").toBuilder().tenant("a").build());
    store.create(record(id(3), "b1").toBuilder().tenant("b").build());
    store.create(record(id(4), "a2").toBuilder().tenant("a").build());
    assertThat(ids(store.list(TokenFilter.builder().tenant("a").build(), null, 10)))
        .containsExactly(id(2), id(4));
    assertThat(ids(store.list(TokenFilter.builder().tenant(null).build(), null, 10)))
        .containsExactly(id(1));
    assertThat(ids(store.list(TokenFilter.builder().tenant("c").build(), null, 10))).isEmpty();
    assertThat(ids(store.list(TokenFilter.all(), null, 10)))
        .containsExactly(id(1), id(2), id(3), id(4));
    TokenFilter aPaged = TokenFilter.builder().tenant("a").build();
    TokenPage first = store.list(aPaged, null, 1);
    assertThat(ids(first)).containsExactly(id(2));
    assertThat(ids(store.list(aPaged, first.nextCursor().orElseThrow(), 1))).containsExactly(id(4));
  }

  private static List<TokenId> ids(TokenPage page) {
    return page.items().stream().map(TokenRecord::id).toList();
  }

  @Test
  void unknownIdAndNameAreEmpty() {
    assertThat(store.find(id(404))).isEmpty();
    assertThat(store.findByName("nobody")).isEmpty();
  }

  @Test
  void duplicateIdIsRejectedAndNothingIsWritten() {
    TokenRecord first = record(id(1), "first");
    store.create(first);
    assertThatThrownBy(() -> store.create(record(id(1), "second")))
        .isInstanceOfSatisfying(
            DuplicateTokenException.class,
            e -> assertThat(e.field()).isEqualTo(DuplicateTokenException.Field.ID));
    assertThat(store.find(id(1))).contains(first);
    assertThat(store.findByName("second")).isEmpty();
  }

  @Test
  void duplicateNameIgnoringCaseIsRejectedAndNothingIsWritten() {
    store.create(record(id(1), "Build"));
    assertThatThrownBy(() -> store.create(record(id(2), "bUILD")))
        .isInstanceOfSatisfying(
            DuplicateTokenException.class,
            e -> assertThat(e.field()).isEqualTo(DuplicateTokenException.Field.NAME));
    assertThat(store.find(id(2))).isEmpty();
  }

  @Test
  void idClashIsReportedWhenIdAndNameBothClash() {
    store.create(record(id(1), "same"));
    assertThatThrownBy(() -> store.create(record(id(1), "same")))
        .isInstanceOfSatisfying(
            DuplicateTokenException.class,
            e -> assertThat(e.field()).isEqualTo(DuplicateTokenException.Field.ID));
  }

  // ---- update ------------------------------------------------------------------------------

  @Test
  void updateIncrementsVersionAndReturnsTheStoredRecord() {
    TokenRecord created = store.create(record(id(1), "one"));
    TokenRecord stored = store.update(created.toBuilder().description("changed").build());
    assertThat(stored.version()).isEqualTo(created.version() + 1);
    assertThat(stored.description()).isEqualTo("changed");
    assertThat(store.find(id(1))).contains(stored);
  }

  @Test
  void staleUpdateIsRejectedAndNothingIsWritten() {
    TokenRecord created = store.create(record(id(1), "one"));
    TokenRecord winner = store.update(created.toBuilder().description("winner").build());
    assertThatThrownBy(() -> store.update(created.toBuilder().description("loser").build()))
        .isInstanceOf(StaleTokenException.class);
    assertThat(store.find(id(1))).contains(winner);
  }

  @Test
  void updateOfMissingTokenIsStale() {
    assertThatThrownBy(() -> store.update(record(id(9), "ghost")))
        .isInstanceOf(StaleTokenException.class);
    assertThat(store.find(id(9))).isEmpty();
  }

  @Test
  void renameToATakenNameIsRejectedAndRenameFreesTheOldName() {
    store.create(record(id(1), "alpha"));
    TokenRecord beta = store.create(record(id(2), "beta"));
    assertThatThrownBy(() -> store.update(beta.toBuilder().name("ALPHA").build()))
        .isInstanceOfSatisfying(
            DuplicateTokenException.class,
            e -> assertThat(e.field()).isEqualTo(DuplicateTokenException.Field.NAME));
    assertThat(store.find(id(2))).contains(beta);

    TokenRecord renamed = store.update(beta.toBuilder().name("gamma").build());
    assertThat(store.findByName("gamma")).contains(renamed);
    assertThat(store.findByName("beta")).isEmpty();
    store.create(record(id(3), "Beta"));
    assertThat(store.findByName("beta")).map(TokenRecord::id).contains(id(3));
  }

  @Test
  void renameThatOnlyChangesCaseIsAllowed() {
    TokenRecord r = store.create(record(id(1), "deploy"));
    TokenRecord renamed = store.update(r.toBuilder().name("Deploy").build());
    assertThat(renamed.name()).isEqualTo("Deploy");
    assertThat(store.findByName("DEPLOY")).contains(renamed);
  }

  @Test
  void updateNeverMovesLastUsedBackwards() {
    TokenRecord r = store.create(record(id(1), "one").toBuilder().lastUsedAt(NOW).build());
    TokenRecord stored =
        store.update(r.toBuilder().lastUsedAt(NOW.minusSeconds(10)).description("x").build());
    assertThat(stored.lastUsedAt()).contains(NOW);
    assertThat(stored.description()).isEqualTo("x");
    assertThat(store.find(id(1)).orElseThrow().lastUsedAt()).contains(NOW);
  }

  // ---- delete ------------------------------------------------------------------------------

  @Test
  void deleteRemovesTheRecordAndFreesItsName() {
    store.create(record(id(1), "one"));
    assertThat(store.delete(id(1))).isTrue();
    assertThat(store.find(id(1))).isEmpty();
    assertThat(store.findByName("one")).isEmpty();
    assertThat(store.delete(id(1))).isFalse();
    store.create(record(id(2), "ONE"));
    assertThat(store.findByName("one")).map(TokenRecord::id).contains(id(2));
  }

  // ---- list --------------------------------------------------------------------------------

  @Test
  void listPagesThroughEveryRecordInIdOrder() {
    List<TokenId> expected = new ArrayList<>();
    for (int i = 50; i > 0; i--) {
      store.create(record(id(i * 7), "token " + i));
    }
    for (int i = 1; i <= 50; i++) {
      expected.add(id(i * 7));
    }
    List<TokenId> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      TokenPage page = store.list(TokenFilter.all(), cursor, 7);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(7);
      page.items().forEach(r -> seen.add(r.id()));
      cursor = page.nextCursor().orElse(null);
      pages++;
    } while (cursor != null && pages < 100);
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void emptyStoreListsOneEmptyPage() {
    TokenPage page = store.list(TokenFilter.all(), null, 10);
    assertThat(page.items()).isEmpty();
    assertThat(page.nextCursor()).isEmpty();
  }

  @Test
  void exactlyFullLastPageMayOrMayNotHaveACursorButNextPageIsEmpty() {
    for (int i = 1; i <= 4; i++) {
      store.create(record(id(i), "t" + i));
    }
    TokenPage first = store.list(TokenFilter.all(), null, 4);
    assertThat(first.items()).hasSize(4);
    if (first.nextCursor().isPresent()) {
      assertThat(store.list(TokenFilter.all(), first.nextCursor().get(), 4).items()).isEmpty();
    }
  }

  @Test
  void listFiltersByOwnerKindAndState() {
    store.create(record(id(1), "a").toBuilder().ownerId("ann").build());
    store.create(record(id(2), "b").toBuilder().ownerId("bob").kind(TokenKind.SERVER).build());
    store.create(record(id(3), "c").toBuilder().ownerId("ann").enabled(false).build());
    store.create(record(id(4), "d").toBuilder().expiresAt(NOW).build());
    store.create(record(id(5), "e").toBuilder().revokedAt(NOW.minusSeconds(1)).build());

    assertThat(ids(TokenFilter.builder().ownerId("ann").build())).containsExactly(id(1), id(3));
    assertThat(ids(TokenFilter.builder().kind(TokenKind.SERVER).build())).containsExactly(id(2));
    assertThat(ids(state(TokenState.ACTIVE))).containsExactly(id(1), id(2));
    assertThat(ids(state(TokenState.DISABLED))).containsExactly(id(3));
    assertThat(ids(state(TokenState.EXPIRED))).containsExactly(id(4));
    assertThat(ids(state(TokenState.REVOKED))).containsExactly(id(5));
    assertThat(ids(TokenFilter.builder().ownerId("ann").state(TokenState.ACTIVE, NOW).build()))
        .containsExactly(id(1));
  }

  @Test
  void filteredPagingSkipsNonMatchingRecordsAcrossPages() {
    for (int i = 1; i <= 30; i++) {
      store.create(record(id(i), "t" + i).toBuilder().ownerId(i % 3 == 0 ? "ann" : "bob").build());
    }
    List<TokenId> seen = new ArrayList<>();
    String cursor = null;
    do {
      TokenPage page = store.list(TokenFilter.builder().ownerId("ann").build(), cursor, 4);
      page.items().forEach(r -> seen.add(r.id()));
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    assertThat(seen).hasSize(10).allMatch(i -> Integer.parseInt(i.value().substring(2)) % 3 == 0);
  }

  @Test
  void pagingIsStableUnderConcurrentInsertsAndDeletes() throws Exception {
    Set<TokenId> stable = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      TokenId id = id(i * 2);
      store.create(record(id, "stable " + i));
      stable.add(id);
    }
    AtomicBoolean done = new AtomicBoolean();
    Future<?> writer =
        pool.submit(
            () -> {
              int n = 0;
              while (!done.get() && n < 20_000) {
                TokenId churn = id(2 * (n % 300) + 1);
                store.create(record(churn, "churn " + n));
                store.delete(churn);
                n++;
              }
              return null;
            });
    try {
      for (int walk = 0; walk < 5; walk++) {
        List<TokenId> seen = new ArrayList<>();
        String cursor = null;
        do {
          TokenPage page = store.list(TokenFilter.all(), cursor, 9);
          page.items().forEach(r -> seen.add(r.id()));
          cursor = page.nextCursor().orElse(null);
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates().isSorted();
        assertThat(seen).containsAll(stable);
      }
    } finally {
      done.set(true);
      writer.get(60, TimeUnit.SECONDS);
    }
  }

  // ---- usage and expiry --------------------------------------------------------------------

  @Test
  void recordUsageSetsLastUsedMonotonicallyAndSkipsUnknownIds() {
    store.create(record(id(1), "one"));
    store.create(record(id(2), "two").toBuilder().lastUsedAt(NOW).build());
    Map<TokenId, Instant> usage = new LinkedHashMap<>();
    usage.put(id(1), NOW.plusSeconds(5));
    usage.put(id(2), NOW.minusSeconds(5));
    usage.put(id(3), NOW);
    store.recordUsage(usage);
    assertThat(store.find(id(1)).orElseThrow().lastUsedAt()).contains(NOW.plusSeconds(5));
    assertThat(store.find(id(2)).orElseThrow().lastUsedAt()).contains(NOW);
    assertThat(store.find(id(3))).isEmpty();

    store.recordUsage(Map.of(id(2), NOW.plusSeconds(60)));
    assertThat(store.find(id(2)).orElseThrow().lastUsedAt()).contains(NOW.plusSeconds(60));
    store.recordUsage(Map.of());
  }

  @Test
  void recordUsageKeepsEveryOtherField() {
    TokenRecord full = store.create(fullRecord(id(1), "full"));
    store.recordUsage(Map.of(id(1), NOW.plusSeconds(1)));
    TokenRecord after = store.find(id(1)).orElseThrow();
    assertThat(
            after.toBuilder()
                .lastUsedAt(full.lastUsedAt().orElseThrow())
                .version(full.version())
                .build())
        .isEqualTo(full);
  }

  @Test
  void deleteExpiredDeletesExactlyTheExpiredRecords() {
    store.create(record(id(1), "past").toBuilder().expiresAt(NOW.minusSeconds(1)).build());
    store.create(record(id(2), "boundary").toBuilder().expiresAt(NOW).build());
    store.create(record(id(3), "future").toBuilder().expiresAt(NOW.plusSeconds(1)).build());
    store.create(record(id(4), "unlimited"));
    assertThat(store.deleteExpired(NOW)).isEqualTo(2);
    assertThat(ids(TokenFilter.all())).containsExactly(id(3), id(4));
    assertThat(store.deleteExpired(NOW)).isZero();
  }

  // ---- bad arguments -----------------------------------------------------------------------

  @Test
  @SuppressWarnings("NullAway") // passes nulls on purpose
  void nullAndMalformedArgumentsAreIllegalArguments() {
    assertThatThrownBy(() -> store.create(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.find(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.findByName(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.update(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.delete(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.recordUsage(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.deleteExpired(null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list(null, null, 10))
        .isInstanceOf(IllegalArgumentException.class);
    for (int limit : new int[] {0, -1, TokenStore.MAX_PAGE_SIZE + 1, Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> store.list(TokenFilter.all(), null, limit))
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (String cursor :
        new String[] {
          "", "short", "x".repeat(10_000), "ÄÖÜäöüßéèêëà", "id00000001;", "id0000000001 OR 1=1"
        }) {
      assertThatThrownBy(() -> store.list(TokenFilter.all(), cursor, 10))
          .isInstanceOf(IllegalArgumentException.class);
    }
    Map<TokenId, Instant> nullValue = new LinkedHashMap<>();
    nullValue.put(id(1), null);
    assertThatThrownBy(() -> store.recordUsage(nullValue))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hugeAndNonAsciiNamesAreStoredExactly() {
    String huge = "名".repeat(5000);
    TokenRecord r = store.create(record(id(1), huge));
    assertThat(store.findByName(huge)).contains(r);
    TokenRecord turkish = store.create(record(id(2), "İstanbul ıI"));
    assertThat(store.find(id(2))).contains(turkish);
  }

  // ---- one-time values (replay cache shared across nodes) -----------------------------------

  /**
   * Whether the store supports {@link TokenStore#claimOnce}; override with false for a store that
   * cannot (the contract then checks that it says so).
   */
  protected boolean supportsOneTimeValues() {
    return true;
  }

  @Test
  void claimOnceIsTrueOnlyForTheFirstClaim() {
    if (!supportsOneTimeValues()) {
      assertThatThrownBy(() -> store.claimOnce("x", NOW))
          .isInstanceOf(UnsupportedOperationException.class);
      return;
    }
    Instant later = NOW.plusSeconds(60);
    assertThat(store.claimOnce("sig-1", later)).isTrue();
    assertThat(store.claimOnce("sig-1", later)).isFalse();
    assertThat(store.claimOnce("sig-1", later.plusSeconds(60))).isFalse();
    assertThat(store.claimOnce("SIG-1", later)).as("values are case-sensitive").isTrue();
    assertThat(store.claimOnce("nonce ü 中", later)).isTrue();
    String longest = "n".repeat(TokenStore.MAX_ONE_TIME_VALUE);
    assertThat(store.claimOnce(longest, later)).isTrue();
    assertThat(store.claimOnce(longest, later)).isFalse();
    // Kept at least until its expiry, whatever deleteExpired is asked before that.
    store.deleteExpired(NOW);
    assertThat(store.claimOnce("sig-1", later)).isFalse();
  }

  @Test
  @SuppressWarnings("NullAway") // passes nulls on purpose
  void claimOnceChecksItsArguments() {
    for (String bad : new String[] {null, "", "n".repeat(TokenStore.MAX_ONE_TIME_VALUE + 1)}) {
      assertThatThrownBy(() -> store.claimOnce(bad, NOW))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store.claimOnce("x", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentClaimsOfOneValueHaveExactlyOneWinner() throws Exception {
    if (!supportsOneTimeValues()) {
      return;
    }
    for (int round = 0; round < RACE_ROUNDS; round++) {
      String value = "race-" + round;
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> claims = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        claims.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.claimOnce(value, NOW.plusSeconds(60));
                }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> claim : claims) {
        winners += claim.get(10, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).as(value).isEqualTo(1);
    }
  }

  // ---- races -------------------------------------------------------------------------------

  @Test
  void twoCreatorsOfOneNameExactlyOneWins() throws Exception {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      TokenId a = id(1000 + 2 * round);
      TokenId b = id(1001 + 2 * round);
      String name = "race " + round;
      List<Object> outcomes =
          race(
              () -> store.create(record(a, name)),
              () -> store.create(record(b, name.toUpperCase(java.util.Locale.ROOT))));
      assertThat(outcomes).filteredOn(o -> o instanceof TokenRecord).hasSize(1);
      assertThat(outcomes).filteredOn(o -> o instanceof DuplicateTokenException).hasSize(1);
      TokenRecord winner = store.findByName(name).orElseThrow();
      assertThat(List.of(a, b)).contains(winner.id());
      assertThat(store.find(winner.id().equals(a) ? b : a)).isEmpty();
    }
  }

  @Test
  void twoUpdatersOfOneVersionExactlyOneWins() throws Exception {
    TokenRecord base = store.create(record(id(1), "contended"));
    for (int round = 0; round < RACE_ROUNDS; round++) {
      TokenRecord current = store.find(id(1)).orElseThrow();
      List<Object> outcomes =
          race(
              () ->
                  store.update(
                      current.toBuilder().description("left " + current.version()).build()),
              () ->
                  store.update(
                      current.toBuilder().description("right " + current.version()).build()));
      assertThat(outcomes).filteredOn(o -> o instanceof TokenRecord).hasSize(1);
      assertThat(outcomes).filteredOn(o -> o instanceof StaleTokenException).hasSize(1);
      assertThat(store.find(id(1)).orElseThrow().version()).isEqualTo(current.version() + 1);
    }
    assertThat(store.find(id(1)).orElseThrow().version()).isEqualTo(base.version() + RACE_ROUNDS);
  }

  @Test
  void readersNeverSeeAHalfWrittenRecord() throws Exception {
    store.create(
        record(id(1), "v0").toBuilder().description("v0").access(TokenAccess.custom("v0")).build());
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    Future<?> reader =
        pool.submit(
            () -> {
              while (!done.get()) {
                TokenRecord r = store.find(id(1)).orElseThrow();
                assertThat(r.description()).isEqualTo(r.name());
                assertThat(r.access().scopes()).containsExactly(r.name());
                reads.incrementAndGet();
              }
              return null;
            });
    try {
      // Start writing only once the reader runs, so reads and writes really overlap.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (reads.get() == 0 && !reader.isDone() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      for (int i = 1; i <= 300; i++) {
        TokenRecord current = store.find(id(1)).orElseThrow();
        String v = "v" + i;
        store.update(
            current.toBuilder().name(v).description(v).access(TokenAccess.custom(v)).build());
      }
    } finally {
      done.set(true);
    }
    reader.get(60, TimeUnit.SECONDS);
    assertThat(reads.get()).isPositive();
  }

  // ---- model-based property ----------------------------------------------------------------

  @Test
  void randomOperationSequencesAgreeWithAMapModel() {
    qt().withExamples(150)
        .withShrinkCycles(200)
        .forAll(StoreModel.commandSequences())
        .checkAssert(commands -> StoreModel.run(newStore(), commands));
  }

  // ---- helpers -----------------------------------------------------------------------------

  private List<TokenId> ids(TokenFilter filter) {
    List<TokenId> ids = new ArrayList<>();
    String cursor = null;
    do {
      TokenPage page = store.list(filter, cursor, TokenStore.MAX_PAGE_SIZE);
      page.items().forEach(r -> ids.add(r.id()));
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    return ids;
  }

  private static TokenFilter state(TokenState state) {
    return TokenFilter.builder().state(state, NOW).build();
  }

  /** Runs both actions at once; each outcome is the returned value or the thrown exception. */
  private List<Object> race(Callable<Object> left, Callable<Object> right) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    Future<Object> l = pool.submit(() -> outcome(start, left));
    Future<Object> r = pool.submit(() -> outcome(start, right));
    start.countDown();
    return List.of(l.get(60, TimeUnit.SECONDS), r.get(60, TimeUnit.SECONDS));
  }

  private static Object outcome(CountDownLatch start, Callable<Object> action) throws Exception {
    start.await();
    try {
      return action.call();
    } catch (RuntimeException e) {
      return e;
    }
  }
}

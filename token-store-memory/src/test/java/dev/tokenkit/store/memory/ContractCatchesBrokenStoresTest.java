package dev.tokenkit.store.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.tokenkit.store.spi.ForwardingTokenStore;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.tck.TokenStoreContract;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The conformance kit must fail for stores that break the contract: each broken store below
 * violates one promise, and the named contract tests must catch it.
 */
class ContractCatchesBrokenStoresTest {

  @Test
  void updateWithoutCompareAndSetIsCaught() {
    assertThat(failedTests(IgnoresVersion.class))
        .contains(
            "staleUpdateIsRejectedAndNothingIsWritten",
            "twoUpdatersOfOneVersionExactlyOneWins",
            "randomOperationSequencesAgreeWithAMapModel");
  }

  @Test
  void pagingThatDropsRecordsIsCaught() {
    assertThat(failedTests(DropsLastOfEachPage.class))
        .contains(
            "listPagesThroughEveryRecordInIdOrder",
            "pagingIsStableUnderConcurrentInsertsAndDeletes");
  }

  @Test
  void deletingUnexpiredRecordsIsCaught() {
    assertThat(failedTests(DeletesTooEarly.class))
        .contains("deleteExpiredDeletesExactlyTheExpiredRecords");
  }

  @Test
  void aReplayCacheThatChecksThenClaimsIsCaught() {
    assertThat(failedTests(ChecksThenClaims.class))
        .contains("concurrentClaimsOfOneValueHaveExactlyOneWinner");
  }

  @Test
  void countingUsesWithACheckThenWriteIsCaught() {
    assertThat(failedTests(ChecksThenCounts.class)).contains("concurrentUsesNeverExceedTheCount");
  }

  @Test
  void theRealStorePassesEverything() {
    assertThat(failedTests(MemoryTokenStoreTest.class)).isEmpty();
  }

  private static List<String> failedTests(Class<?> contractClass) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(contractClass))
        .execute()
        .testEvents()
        .failed()
        .stream()
        .map(Event::getTestDescriptor)
        .map(d -> d.getLegacyReportingName().replace("()", ""))
        .collect(Collectors.toList());
  }

  /** Delegates everything to a fresh memory store. */
  abstract static class Forwarding extends ForwardingTokenStore {
    Forwarding() {
      super(MemoryTokenStore.create());
    }
  }

  /** Reads the count, then writes one less over whatever is there by then: uses get lost. */
  static class ChecksThenCounts extends TokenStoreContract {
    @Override
    protected TokenStore newStore() {
      return new Forwarding() {
        @Override
        public java.util.OptionalLong consumeUse(
            dev.tokenkit.store.spi.TokenId id, java.time.Instant at) {
          dev.tokenkit.store.spi.TokenRecord read = find(id).orElse(null);
          if (read == null || read.remainingUses().isEmpty()) {
            return java.util.OptionalLong.empty();
          }
          long left = read.remainingUses().getAsLong();
          if (left <= 0) {
            return java.util.OptionalLong.of(-1);
          }
          java.util.concurrent.locks.LockSupport.parkNanos(200_000); // let others read it too
          dev.tokenkit.store.spi.TokenRecord now = find(id).orElseThrow();
          update(now.toBuilder().remainingUses(left - 1).build());
          return java.util.OptionalLong.of(left - 1);
        }
      };
    }
  }

  static class IgnoresVersion extends TokenStoreContract {
    @Override
    protected TokenStore newStore() {
      return new Forwarding() {
        @Override
        public TokenRecord update(TokenRecord updated) {
          long stored = delegate().find(updated.id()).map(TokenRecord::version).orElse(0L);
          return delegate().update(updated.toBuilder().version(stored).build());
        }
      };
    }
  }

  static class DropsLastOfEachPage extends TokenStoreContract {
    @Override
    protected TokenStore newStore() {
      return new Forwarding() {
        @Override
        public TokenPage list(TokenFilter filter, String cursor, int limit) {
          TokenPage page = delegate().list(filter, cursor, limit);
          if (page.items().size() < 2 || page.nextCursor().isEmpty()) {
            return page;
          }
          return TokenPage.of(
              page.items().subList(0, page.items().size() - 1), page.nextCursor().get());
        }
      };
    }
  }

  /** A claim that is not atomic: look first, then record, with a pause between. */
  static class ChecksThenClaims extends TokenStoreContract {
    @Override
    protected TokenStore newStore() {
      java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
      return new Forwarding() {
        @Override
        public boolean claimOnce(String value, Instant expiresAt) {
          TokenStore.checkOneTimeValue(value, expiresAt);
          if (seen.contains(value)) {
            return false;
          }
          Thread.onSpinWait();
          try {
            Thread.sleep(2);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          seen.add(value);
          return true;
        }
      };
    }
  }

  static class DeletesTooEarly extends TokenStoreContract {
    @Override
    protected TokenStore newStore() {
      return new Forwarding() {
        @Override
        public int deleteExpired(Instant now) {
          return delegate().deleteExpired(now.plusSeconds(1));
        }
      };
    }
  }
}

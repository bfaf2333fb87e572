package dev.tokenkit.store.memory.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecordTableTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static TokenId id(int n) {
    return TokenId.of(String.format("%012d", n));
  }

  private static TokenRecord record(int n, String name) {
    return TokenRecord.builder()
        .id(id(n))
        .kind(TokenKind.API)
        .name(name)
        .secret(HashedSecret.of(1, new byte[32]))
        .createdAt(NOW)
        .build();
  }

  /** Random puts and removes over a few ids (many tombstones, reuse and rebuilds) against a map. */
  @Test
  void behavesLikeAMap() {
    qt().withExamples(300)
        .forAll(lists().of(integers().between(-40, 40)).ofSizeBetween(0, 400))
        .checkAssert(
            ops -> {
              RecordTable table = new RecordTable();
              Map<TokenId, TokenRecord> model = new HashMap<>();
              int step = 0;
              for (int op : ops) {
                step++;
                TokenId id = id(Math.abs(op));
                if (op >= 0) {
                  TokenRecord r = record(op, "r" + step);
                  table.put(r);
                  model.put(id, r);
                } else {
                  assertThat(table.remove(id)).isEqualTo(model.remove(id) != null);
                }
                assertThat(table.size()).isEqualTo(model.size());
              }
              for (int n = 0; n <= 40; n++) {
                assertThat(table.get(id(n))).isSameAs(model.get(id(n)));
              }
              assertThat(table.records()).containsExactlyInAnyOrderElementsOf(model.values());
            });
  }

  /**
   * A reader must always find a record that is never removed, while a writer grows the table,
   * replaces records and removes and re-adds others (tombstones, reuse, rebuilds).
   */
  @Test
  void readersNeverMissAStableRecordWhileTheTableChanges() throws InterruptedException {
    RecordTable table = new RecordTable();
    List<TokenId> stable = new ArrayList<>();
    for (int n = 0; n < 50; n++) {
      table.put(record(n, "stable" + n));
      stable.add(id(n));
    }
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    CountDownLatch readerRunning = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              readerRunning.countDown();
              while (!done.get()) {
                for (TokenId id : stable) {
                  TokenRecord found = table.get(id);
                  if (found == null || !found.hasId(id)) {
                    failure.compareAndSet(null, "lost " + id);
                  }
                }
              }
            });
    reader.start();
    readerRunning.await();
    for (int round = 0; round < 200; round++) {
      for (int n = 1000; n < 1100; n++) {
        table.put(record(n, "churn" + n));
      }
      for (int n = 0; n < 50; n++) {
        table.put(record(n, "stable" + n + "-" + round)); // replaced in place
      }
      for (int n = 1000; n < 1100; n++) {
        table.remove(id(n));
      }
    }
    done.set(true);
    reader.join();
    assertThat(failure.get()).isNull();
    assertThat(table.size()).isEqualTo(50);
  }
}

package dev.tokenkit.store.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The length-prefixed encoding of collection columns: what it writes reads back, and a corrupt
 * column (edited by hand, truncated) is a clear {@link IllegalStateException}, never a
 * number-format or index exception from deep inside.
 */
class CodecTest {

  @Test
  void whatIsWrittenReadsBack() {
    List<String> values = List.of("", "a:b", "9 nine", "ünï", "x".repeat(12));
    assertThat(Codec.list(Codec.list(values))).isEqualTo(values);
    assertThat(Codec.list("")).isEmpty();
    assertThat(Codec.list("0:")).containsExactly("");
    assertThat(Codec.list("9:123456789")).containsExactly("123456789");
    assertThat(Codec.list("000000001:a")).containsExactly("a");
    assertThat(Codec.list("2:ab1:c")).containsExactly("ab", "c");
  }

  @Test
  void aCorruptColumnIsACorruptColumn() {
    for (String corrupt :
        new String[] {
          "x",
          ":a",
          "1",
          "3:ab",
          "1/:a",
          "-1:a",
          "+1:a",
          "a:b",
          "0000000001:a",
          "99999999999:a",
          "1234567890:",
          "x:",
          "1x:",
          "1:a:"
        }) {
      assertThatThrownBy(() -> Codec.list(corrupt))
          .as(corrupt)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("corrupt collection column");
    }
  }

  /** The purge of one-time values says how many it deleted: those expired at or before now. */
  @Test
  void aPurgeCountsTheValuesItDeleted() throws Exception {
    org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
    h2.setURL("jdbc:h2:mem:one-time-values;DB_CLOSE_DELAY=-1");
    dev.tokenkit.store.jdbc.JdbcTokenStore.builder()
        .dataSource(h2)
        .dialect(dev.tokenkit.store.jdbc.SqlDialect.H2)
        .build()
        .createSchemaIfMissing();
    OneTimeValues values = new OneTimeValues("tokenkit_");
    java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
    try (java.sql.Connection c = h2.getConnection()) {
      assertThat(values.claim(c, "a", t)).isTrue();
      assertThat(values.claim(c, "a", t)).isFalse();
      assertThat(values.claim(c, "b", t.plusSeconds(1))).isTrue();
      assertThat(values.claim(c, "c", t.plusSeconds(2))).isTrue();
      assertThat(values.purge(c, t.plusSeconds(1))).isEqualTo(2);
      assertThat(values.purge(c, t.plusSeconds(1))).isZero();
    }
  }
}

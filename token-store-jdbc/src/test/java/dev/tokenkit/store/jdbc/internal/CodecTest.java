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
          "1:a:"
        }) {
      assertThatThrownBy(() -> Codec.list(corrupt))
          .as(corrupt)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("corrupt collection column");
    }
  }
}

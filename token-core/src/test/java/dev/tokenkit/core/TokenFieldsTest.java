package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.UseRefill;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every field limit on both sides, and the refusal naming the field that broke it. */
class TokenFieldsTest {

  @Test
  void namesHaveUpTo100CharactersAfterTrimmingAndNfc() {
    assertThat(TokenFields.name("n".repeat(100))).hasSize(100);
    assertThat(TokenFields.name(" ".repeat(300) + "n" + " ".repeat(99))).isEqualTo("n");
    // 400 chars is the raw cap; below it, what counts is the code points after normalising.
    assertThat(TokenFields.name("😀".repeat(100))).hasSize(200);
    assertThat(TokenFields.name("e\u0301".repeat(100))).isEqualTo("é".repeat(100));
    refused(() -> TokenFields.name("n".repeat(101)), "name must be at most 100 characters");
    refused(() -> TokenFields.name(" ".repeat(401)), "name must be at most 100 characters");
    refused(() -> TokenFields.name(" ".repeat(400)), "name must not be blank");
    refused(() -> TokenFields.name("a\u202Eb"), "name must not contain control");
  }

  @Test
  void ownerIdsHaveUpTo256PrintableCharacters() {
    assertThat(TokenFields.ownerId("ownerId", "u".repeat(256))).isEqualTo("u".repeat(256));
    assertThat(TokenFields.ownerId("ownerId", "ü ser")).isEqualTo("ü ser");
    refused(() -> TokenFields.ownerId("ownerId", "u".repeat(257)), "ownerId must be 1 to 256");
    refused(() -> TokenFields.ownerId("restrictedUser", " "), "restrictedUser must be 1 to 256");
    refused(() -> TokenFields.ownerId("ownerId", "a\tb"), "ownerId must not contain control");
    refused(() -> TokenFields.ownerId("ownerId", "a\u200Bb"), "(found U+200B)");
  }

  @Test
  void attributesHaveUpTo32KeysOf64AndValuesOf1024Characters() {
    Map<String, String> most = new LinkedHashMap<>();
    for (int i = 0; i < 32; i++) {
      most.put("k" + i, "v");
    }
    assertThat(TokenFields.attributes(most)).isSameAs(most);
    most.put("k32", "v");
    refused(() -> TokenFields.attributes(most), "at most 32 attributes");

    String allKeyCharacters = "azAZ09._-";
    String longestKey = "k".repeat(64);
    Map<String, String> edges =
        Map.of(allKeyCharacters, "v", longestKey, "x".repeat(1024), "e", "");
    assertThat(TokenFields.attributes(edges)).isEqualTo(edges);
    for (String key :
        new String[] {"", "k".repeat(65), "a b", "a/b", "a:b", "a@b", "a[b", "a`b", "a{b", "ä"}) {
      refused(() -> TokenFields.attributes(Map.of(key, "v")), "attribute keys must be 1 to 64");
    }
    refused(
        () -> TokenFields.attributes(Map.of("k", "x".repeat(1025))),
        "attribute k must be at most 1024 characters");
    refused(() -> TokenFields.attributes(Map.of("k", "a\nb")), "attribute k must not contain");
  }

  @Test
  void descriptionsAllowLineBreaksButNoOtherControls() {
    assertThat(TokenFields.description(null)).isEmpty();
    assertThat(TokenFields.description("a\nb\r\n\tc")).isEqualTo("a\nb\r\n\tc");
    assertThat(TokenFields.description("d".repeat(1000))).hasSize(1000);
    refused(() -> TokenFields.description("d".repeat(1001)), "at most 1000 characters");
    refused(() -> TokenFields.description("a\u0000b"), "description must not contain");
    refused(() -> TokenFields.description("a\u2028b"), "(found U+2028)");
  }

  @Test
  void useLimitsRunFrom1ToTheRefillMaximum() {
    assertThat(TokenFields.uses(1)).isEqualTo(1);
    assertThat(TokenFields.uses(UseRefill.MAX_USES)).isEqualTo(UseRefill.MAX_USES);
    refused(() -> TokenFields.uses(0), "uses must be 1 to " + UseRefill.MAX_USES);
    refused(() -> TokenFields.uses(UseRefill.MAX_USES + 1), "uses must be 1 to");
    refused(() -> TokenFields.uses(Long.MIN_VALUE), "uses must be 1 to");
  }

  private static void refused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String m) {
    assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(m);
  }
}

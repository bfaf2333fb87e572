package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StructuredFieldsTest {

  /** What the serializer writes, the parser reads back unchanged. */
  @Test
  void innerListsRoundTrip() {
    String chars = "abcXYZ09 @-_\"\\/:;,=()";
    qt().withExamples(3000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random r = new Random(seed);
              List<String> items = new ArrayList<>();
              for (int i = r.nextInt(5); i >= 0; i--) {
                StringBuilder item = new StringBuilder();
                for (int j = r.nextInt(8); j > 0; j--) {
                  item.append(chars.charAt(r.nextInt(chars.length())));
                }
                items.add(item.toString());
              }
              Map<String, Object> params = new LinkedHashMap<>();
              params.put("created", r.nextLong() % 1_000_000_000_000_000L);
              params.put("nonce", "n\"" + r.nextInt());
              if (r.nextBoolean()) {
                params.put("flag", r.nextBoolean());
              }
              if (r.nextBoolean()) {
                params.put("tok", new StructuredFields.Token("hmac-sha256"));
              }
              String serialized = StructuredFields.innerList(items, params);
              List<StructuredFields.Member> parsed =
                  StructuredFields.dictionary("label=" + serialized);
              assertThat(parsed).as(serialized).hasSize(1);
              assertThat(parsed.get(0).innerList).isEqualTo(items);
              assertThat(parsed.get(0).params).isEqualTo(params);
              assertThat(StructuredFields.innerList(items, parsed.get(0).params))
                  .isEqualTo(serialized);
            });
  }

  @Test
  void anythingElseIsNullNeverAnException() {
    String[] bad = {
      "",
      " ",
      "a=",
      "A=1",
      "a=1,",
      "a=1,,b=2",
      "a=(\"x\"",
      "a=(\"x\";p=1)",
      "a=(x)",
      "a=\"unterminated",
      "a=\"bad\\escape\"",
      "a=\"\u00e9\"",
      "a=:not base64:",
      "a=1.5",
      "a=1234567890123456",
      "a=?2",
      "a=1;p=1;p=2",
      "a=1, a=2",
      "a=(\"x\")x",
    };
    for (String value : bad) {
      assertThat(StructuredFields.dictionary(value)).as(value).isNull();
    }
    assertThat(StructuredFields.dictionary(null)).isNull();
    assertThat(StructuredFields.dictionary("a=" + "1".repeat(9000))).isNull();
    qt().withExamples(5000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              Random r = new Random(seed);
              StringBuilder s = new StringBuilder();
              String alphabet = "a=(\")\\;:, ?1-*xé\t";
              for (int i = r.nextInt(30); i > 0; i--) {
                s.append(alphabet.charAt(r.nextInt(alphabet.length())));
              }
              StructuredFields.dictionary(s.toString()); // must not throw
            });
  }

  /** Every character class of RFC 8941 keys, tokens, integers and strings, at both of its ends. */
  @Test
  void theEndsOfEveryCharacterClassAreRead() {
    StructuredFields.Member m = single("a9z0_-.*=Az09!#$%&'*+-.^_`|~:/Za;z=9;*k=0;k2=\" ~\"");
    assertThat(m.key).isEqualTo("a9z0_-.*");
    assertThat(m.item).isEqualTo(new StructuredFields.Token("Az09!#$%&'*+-.^_`|~:/Za"));
    assertThat(m.params)
        .containsExactly(Map.entry("z", 9L), Map.entry("*k", 0L), Map.entry("k2", " ~"));
    assertThat(single("z=a!").item).isEqualTo(new StructuredFields.Token("a!"));
    assertThat(single("k=Z").item).isEqualTo(new StructuredFields.Token("Z"));
    assertThat(single("k=*").item).isEqualTo(new StructuredFields.Token("*"));
    assertThat(single("k=z9").item).isEqualTo(new StructuredFields.Token("z9"));
    assertThat(single("k=-0").item).isEqualTo(0L);
    for (String bad :
        new String[] {"A=1", "0=1", "k=\"\u007f\"", "k=\"\u001f\"", "k=@", "k=[", "{"}) {
      assertThat(StructuredFields.dictionary(bad)).as(bad).isNull();
    }
  }

  @Test
  void spacesAndTabsAreSkippedWhereRfc8941AllowsThem() {
    assertThat(StructuredFields.dictionary("  a=1 ,\tb=2\t, c;  p=3"))
        .extracting(m -> m.key)
        .containsExactly("a", "b", "c");
    assertThat(StructuredFields.dictionary("a=1, b=2").get(1).item).isEqualTo(2L);
    assertThat(StructuredFields.dictionary("a=1,")).isNull();
    assertThat(StructuredFields.dictionary("a=1, ")).isNull();
    assertThat(StructuredFields.dictionary("a=1 b=2")).isNull();
    assertThat(StructuredFields.dictionary("")).isNull();
    assertThat(StructuredFields.dictionary("   ")).isNull();
  }

  @Test
  void fieldValuesAreReadUpTo8192Characters() {
    String longest = "a=\"" + "x".repeat(8192 - 4) + "\"";
    assertThat(longest).hasSize(8192);
    assertThat(StructuredFields.dictionary(longest)).hasSize(1);
    assertThat(StructuredFields.dictionary(longest + " ")).isNull();
  }

  @Test
  void byteSequenceParametersAreSerializedInBase64() {
    assertThat(StructuredFields.innerList(List.of("x"), Map.of("k", new byte[] {1, 2})))
        .isEqualTo("(\"x\");k=:AQI=:");
    assertThat(single("k=:AQI=:").item).isEqualTo(new byte[] {1, 2});
  }

  private static StructuredFields.Member single(String dictionary) {
    List<StructuredFields.Member> members = StructuredFields.dictionary(dictionary);
    assertThat(members).as(dictionary).hasSize(1);
    return members.get(0);
  }
}

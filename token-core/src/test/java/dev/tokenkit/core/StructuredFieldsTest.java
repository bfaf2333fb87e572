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
}

package dev.tokenkit.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.text.ParseException;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The verifier's own JSON parser, differentially against nimbus (Gson), which it replaced. */
class StrictJsonTest {

  private static final int DEPTH = 8;

  /** Valid JSON (random shapes, whitespace, escapes and number forms): both parse it, equally. */
  @Test
  void agreesWithNimbusOnValidJson() {
    qt().withExamples(3000)
        .forAll(longs().all())
        .checkAssert(
            seed -> {
              String json = randomObject(new Random(seed), 1);
              Map<String, Object> ours = StrictJson.parseObject(json, DEPTH);
              assertThat(ours).as(json).isNotNull().isEqualTo(nimbus(json));
            });
  }

  /**
   * Random edits of valid JSON: whatever nimbus refuses, we refuse; whatever we accept, nimbus
   * accepts with the same result. (We may refuse more: nimbus's parser is lenient.)
   */
  @Test
  void isNeverMoreLenientThanNimbus() {
    String edits = "{}[]\",:'/*\\ \t\nxeE.+-0123456789tfnNIul";
    qt().withExamples(5000)
        .forAll(longs().all(), integers().between(1, 3))
        .checkAssert(
            (seed, count) -> {
              Random random = new Random(seed);
              StringBuilder json = new StringBuilder(randomObject(random, 1));
              for (int k = 0; k < count; k++) {
                int at = random.nextInt(json.length() + 1);
                switch (random.nextInt(3)) {
                  case 0 -> json.insert(at, edits.charAt(random.nextInt(edits.length())));
                  case 1 -> {
                    if (at < json.length()) {
                      json.deleteCharAt(at);
                    }
                  }
                  default -> {
                    if (at < json.length()) {
                      json.setCharAt(at, edits.charAt(random.nextInt(edits.length())));
                    }
                  }
                }
              }
              String text = json.toString();
              Map<String, Object> ours = StrictJson.parseObject(text, DEPTH);
              Map<String, Object> theirs = nimbus(text);
              if (theirs == null) {
                assertThat(ours).as(text).isNull();
              }
              if (ours != null) {
                assertThat(ours).as(text).isEqualTo(theirs);
              }
            });
  }

  /** Integers of up to 40 characters read exactly as Long.parseLong, or else Double.parseDouble. */
  @Test
  void numbersReadAsTheJdkReadsThem() {
    qt().withExamples(5000)
        .forAll(longs().all(), integers().between(1, StrictJson.MAX_NUMBER))
        .checkAssert(
            (seed, length) -> {
              Random r = new Random(seed);
              StringBuilder literal = new StringBuilder(r.nextBoolean() ? "-" : "");
              literal.append((char) ('1' + r.nextInt(9)));
              while (literal.length() < length) {
                literal.append((char) ('0' + r.nextInt(10)));
              }
              String text = literal.toString();
              Object expected;
              try {
                expected = Long.parseLong(text);
              } catch (NumberFormatException e) {
                expected = Double.parseDouble(text);
              }
              assertThat(StrictJson.parseObject("{\"n\":" + text + "}", DEPTH))
                  .as(text)
                  .containsEntry("n", expected);
            });
    assertThat(StrictJson.parseObject("{\"n\":-9223372036854775808}", DEPTH))
        .containsEntry("n", Long.MIN_VALUE);
    assertThat(StrictJson.parseObject("{\"n\":9223372036854775807}", DEPTH))
        .containsEntry("n", Long.MAX_VALUE);
    assertThat(StrictJson.parseObject("{\"n\":" + "1".repeat(StrictJson.MAX_NUMBER) + "}", DEPTH))
        .isNotNull();
    assertThat(
            StrictJson.parseObject("{\"n\":" + "1".repeat(StrictJson.MAX_NUMBER + 1) + "}", DEPTH))
        .isNull();
    assertThat(StrictJson.parseObject("{\"n\":0." + "5".repeat(2000) + "}", DEPTH)).isNull();
  }

  /**
   * The worst inputs the 8 kB cap allows cost memory in proportion to their size: an escaped string
   * must not reserve room for the whole rest of the input, or a header of 2 000 {@code "\n"}
   * strings allocates megabytes.
   */
  @Test
  void escapedStringsAllocateInProportionToThemselves() {
    StringBuilder json = new StringBuilder("{\"a\":[");
    while (json.length() < 6000) {
      json.append("\"\\n\",");
    }
    json.setLength(json.length() - 1);
    json.append("]}");
    String text = json.toString();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    threads.setThreadAllocatedMemoryEnabled(true);
    for (int i = 0; i < 200; i++) {
      assertThat(StrictJson.parseObject(text, DEPTH)).isNotNull();
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    StrictJson.parseObject(text, DEPTH);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    // About 1 000 one-character strings with their builders and the list: tens of kB, where
    // sizing each builder by the remaining input took several MB.
    assertThat(allocated).isLessThan(200_000L);
  }

  @Test
  void refusesWhatStrictJsonForbids() {
    String[] bad = {
      "",
      " ",
      "[]",
      "null",
      "\"x\"",
      "{",
      "}",
      "{\"a\":1,}",
      "{\"a\":1 \"b\":2}",
      "{a:1}",
      "{'a':1}",
      "{\"a\":'x'}",
      "{\"a\":1}/*c*/",
      "{\"a\":1}//",
      "{\"a\":1} x",
      "{\"a\":1}{}",
      "{\"a\":NaN}",
      "{\"a\":Infinity}",
      "{\"a\":-Infinity}",
      "{\"a\":1e999}",
      "{\"a\":01}",
      "{\"a\":1.}",
      "{\"a\":.5}",
      "{\"a\":+1}",
      "{\"a\":1e}",
      "{\"a\":-}",
      "{\"a\":tru}",
      "{\"a\":True}",
      "{\"a\":\"\u0001\"}",
      "{\"a\":\"\\x\"}",
      "{\"a\":\"\\u12G4\"}",
      "{\"a\":\"\\u12\"}",
      "{\"a\":1,\"a\":2}",
      "{\"a\":[1,]}",
      "{\"a\":[,1]}",
      "{\"a\";1}",
      "{\"a\"\u00a01}",
      "{\"a\":1}\u0000",
      "{\"a\":" + "[".repeat(8) + "]".repeat(8) + "}",
    };
    for (String json : bad) {
      assertThat(StrictJson.parseObject(json, DEPTH)).as(json).isNull();
    }
  }

  @Test
  void readsEscapesNumbersAndNesting() {
    Map<String, Object> parsed =
        StrictJson.parseObject(
            " {\"s\":\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\", \"i\":-12,"
                + " \"big\":12345678901234567890, \"d\":1.5e3, \"z\":-0, \"t\":true, \"f\":false,"
                + " \"n\":null, \"a\":[1,[2,{}]], \"deep\":"
                + "[".repeat(7)
                + "]".repeat(7)
                + "}\n",
            DEPTH);
    assertThat(parsed)
        .containsEntry("s", "a\"b\\c/\b\f\n\r\té\ud83d\ude00")
        .containsEntry("i", -12L)
        .containsEntry("big", 1.2345678901234567E19)
        .containsEntry("d", 1500.0)
        .containsEntry("z", 0L)
        .containsEntry("t", true)
        .containsEntry("f", false)
        .containsEntry("n", null)
        .containsKey("a")
        .containsKey("deep");
  }

  private static Map<String, Object> nimbus(String json) {
    try {
      return JSONObjectUtils.parse(json);
    } catch (ParseException | RuntimeException e) {
      return null;
    }
  }

  // ---- a random JSON writer --------------------------------------------------------------------

  private static String randomObject(Random r, int depth) {
    StringBuilder sb = new StringBuilder();
    ws(r, sb);
    object(r, depth, sb);
    ws(r, sb);
    return sb.toString();
  }

  private static void object(Random r, int depth, StringBuilder sb) {
    sb.append('{');
    int n = r.nextInt(depth < 3 ? 5 : 2);
    for (int i = 0; i < n; i++) {
      ws(r, sb);
      sb.append('"').append("k").append(i).append(r.nextBoolean() ? "" : "\\u00e9").append('"');
      ws(r, sb);
      sb.append(':');
      ws(r, sb);
      value(r, depth, sb);
      ws(r, sb);
      if (i < n - 1) {
        sb.append(',');
      }
    }
    ws(r, sb);
    sb.append('}');
  }

  private static void value(Random r, int depth, StringBuilder sb) {
    int kind = r.nextInt(depth < DEPTH ? 9 : 7);
    switch (kind) {
      case 0 -> string(r, sb);
      case 1 -> number(r, sb);
      case 2 -> sb.append("true");
      case 3 -> sb.append("false");
      case 4 -> sb.append("null");
      case 5, 6 -> {
        if (r.nextBoolean()) {
          number(r, sb);
        } else {
          string(r, sb);
        }
      }
      case 7 -> object(r, depth + 1, sb);
      default -> {
        sb.append('[');
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          ws(r, sb);
          value(r, depth + 1, sb);
          ws(r, sb);
          if (i < n - 1) {
            sb.append(',');
          }
        }
        sb.append(']');
      }
    }
  }

  private static void string(Random r, StringBuilder sb) {
    String[] pieces = {
      "a", "Z", " ", "é", "\u4e2d", "\\n", "\\\"", "\\\\", "\\/", "\\u0041", "\\ud83d\\ude00", "\\t"
    };
    sb.append('"');
    int n = r.nextInt(6);
    for (int i = 0; i < n; i++) {
      sb.append(pieces[r.nextInt(pieces.length)]);
    }
    sb.append('"');
  }

  private static void number(Random r, StringBuilder sb) {
    String[] forms = {
      "0",
      "-0",
      "7",
      "-42",
      "1700000000",
      "9223372036854775807",
      "9223372036854775808",
      "-9223372036854775809",
      "1.5",
      "-0.25",
      "1e3",
      "2E-2",
      "6.02e+23",
      "0.0",
      "123456789012345678901234"
    };
    sb.append(forms[r.nextInt(forms.length)]);
  }

  private static void ws(Random r, StringBuilder sb) {
    if (r.nextInt(4) == 0) {
      sb.append(" \t\n\r".charAt(r.nextInt(4)));
    }
  }
}

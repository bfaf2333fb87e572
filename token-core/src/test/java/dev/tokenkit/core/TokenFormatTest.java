package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class TokenFormatTest {

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private final TokenFormat format = TokenFormat.defaults();

  static Gen<String> base62(int length) {
    return strings()
        .betweenCodePoints(0, 61)
        .ofLength(length)
        .map(
            s ->
                s.chars()
                    .mapToObj(c -> String.valueOf(BASE62.charAt(c)))
                    .reduce("", String::concat));
  }

  /** A well-formed token of a random kind. */
  static Gen<String> validTokens(TokenFormat format) {
    return Generate.enumValues(TokenKind.class)
        .zip(
            base62(12),
            base62(64),
            (kind, id, secret64) ->
                format.format(
                    kind, TokenId.of(id), secret64.substring(0, TokenFormat.secretLength(kind))));
  }

  @Test
  void wipingZeroesTheSecretBytesOnlyAndAParseThatWasHandedOutNeverChanges() {
    String secret = "A".repeat(TokenFormat.secretLength(TokenKind.API));
    String token = format.format(TokenKind.API, TokenId.of("000000000000"), secret);
    TokenFormat.Parsed mine = format.parse(token);
    TokenFormat.Parsed services = format.parse(token);
    services.wipe();
    assertThat(services.secret()).isEqualTo("\0".repeat(secret.length()));
    assertThat(services.id()).isEqualTo(TokenId.of("000000000000"));
    assertThat(mine.secret()).isEqualTo(secret);
    TokenFormat.Parsed.malformed("test").wipe(); // nothing to wipe: no failure
  }

  @Test
  void formatHasTheDocumentedLayoutAndChecksum() {
    String id = "ab12CD34ef56";
    String secret = "0123456789abcdefghijABCDEFGHIJkl";
    String token = format.format(TokenKind.API, TokenId.of(id), secret);
    assertThat(token).hasSize(3 + 12 + 32 + 6).startsWith("tk_" + id + secret);
    CRC32 crc = new CRC32();
    crc.update(("tk" + id + secret).getBytes(StandardCharsets.US_ASCII));
    long checksum = 0;
    for (char c : token.substring(token.length() - 6).toCharArray()) {
      checksum = checksum * 62 + BASE62.indexOf(c);
    }
    assertThat(checksum).isEqualTo(crc.getValue());
  }

  @Test
  void eachKindHasItsPrefixAndSecretLength() {
    TokenId id = TokenId.of("000000000000");
    assertThat(format.format(TokenKind.API, id, "a".repeat(32))).startsWith("tk_").hasSize(53);
    assertThat(format.format(TokenKind.SERVER, id, "a".repeat(64))).startsWith("tks_").hasSize(86);
    assertThat(format.format(TokenKind.BROWSER, id, "")).startsWith("tkb_").hasSize(22);
  }

  @Test
  void generatedTokensRoundTrip() {
    qt().forAll(Generate.enumValues(TokenKind.class), base62(12), base62(64))
        .checkAssert(
            (kind, id, secret64) -> {
              String secret = secret64.substring(0, TokenFormat.secretLength(kind));
              TokenFormat.Parsed parsed = format.parse(format.format(kind, TokenId.of(id), secret));
              assertThat(parsed.isValid()).isTrue();
              assertThat(parsed.kind()).isEqualTo(kind);
              assertThat(parsed.id().value()).isEqualTo(id);
              assertThat(parsed.secret()).isEqualTo(secret);
            });
  }

  /** The word-wise base62 check against a plain per-byte one, short ranges and every boundary. */
  @Test
  void wordWiseBase62CheckAgreesWithPerByteCheck() {
    qt().withExamples(5000)
        .forAll(longs().all(), integers().between(0, 80), integers().between(0, 4))
        .checkAssert(
            (seed, length, flips) -> {
              Random random = new Random(seed);
              byte[] chars = new byte[length + 8];
              for (int i = 0; i < chars.length; i++) {
                chars[i] = (byte) BASE62.charAt(random.nextInt(62));
              }
              for (int f = 0; f < flips; f++) {
                chars[random.nextInt(chars.length)] = (byte) random.nextInt(256);
              }
              int from = random.nextInt(8);
              int to = from + length;
              boolean expected = true;
              for (int i = from; i < to; i++) {
                expected &= chars[i] >= 0 && BASE62.indexOf(chars[i]) >= 0;
              }
              assertThat(Base62.allBase62(chars, from, to)).isEqualTo(expected);
            });
    for (int b = 0; b < 256; b++) {
      byte[] chars = "0123456789".getBytes(StandardCharsets.US_ASCII);
      chars[9] = (byte) b;
      assertThat(Base62.allBase62(chars, 0, 10))
          .as("byte %d", b)
          .isEqualTo(b < 128 && BASE62.indexOf(b) >= 0);
    }
  }

  @Test
  void parseIsTotalOverArbitraryStrings() {
    qt().withExamples(2000)
        .forAll(strings().allPossible().ofLengthBetween(0, 300))
        .checkAssert(s -> assertThat(format.parse(s)).isNotNull());
    qt().withExamples(2000)
        .forAll(strings().ascii().ofLengthBetween(0, 100).map(s -> "tk_" + s))
        .checkAssert(s -> assertThat(format.parse(s).isValid()).isFalse());
  }

  @Test
  void everySingleCharacterChangeIsMalformed() {
    qt().withExamples(2000)
        .forAll(validTokens(format), integers().between(0, 1000), integers().between(0, 0xFFFF))
        .checkAssert(
            (token, position, replacement) -> {
              int i = position % token.length();
              char c = (char) replacement.intValue();
              if (c == token.charAt(i)) {
                return;
              }
              String changed = token.substring(0, i) + c + token.substring(i + 1);
              assertThat(format.parse(changed).isValid()).as(changed).isFalse();
            });
  }

  @Test
  void everyBase62SubstitutionAtEveryPositionIsMalformed() {
    String token = format.format(TokenKind.API, TokenId.of("ab12CD34ef56"), "x".repeat(32));
    for (int i = 0; i < token.length(); i++) {
      for (int k = 0; k < BASE62.length(); k++) {
        char c = BASE62.charAt(k);
        if (c == token.charAt(i)) {
          continue;
        }
        String changed = token.substring(0, i) + c + token.substring(i + 1);
        assertThat(format.parse(changed).isValid()).as(changed).isFalse();
      }
    }
  }

  @Test
  void badInputIsMalformedWithAReason() {
    String valid = format.format(TokenKind.API, TokenId.of("ab12CD34ef56"), "s".repeat(32));
    String[] bad = {
      null,
      "",
      " ",
      "tk_",
      "tk",
      "_",
      valid.substring(0, valid.length() - 1),
      valid + "0",
      " " + valid,
      valid + " ",
      valid.toUpperCase(java.util.Locale.ROOT),
      "xx" + valid.substring(2),
      "tks" + valid.substring(2),
      "tk-" + valid.substring(3),
      valid.replace('s', 'ß'),
      valid.replace('s', '\u0000'),
      valid.replace('s', '\u0173'), // its low byte is 's': the parser must not read low bytes only
      "x".repeat(10_000),
      "tk_" + "é".repeat(50),
      valid.substring(0, 20) + "\uD800" + valid.substring(21),
      "Bearer " + valid
    };
    for (String s : bad) {
      TokenFormat.Parsed parsed = format.parse(s);
      assertThat(parsed.isValid()).as(String.valueOf(s)).isFalse();
      assertThat(parsed.problem()).isPresent();
      assertThatThrownBy(parsed::id).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(parsed::secret).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void problemAndToStringNeverQuoteTheInput() {
    String valid = format.format(TokenKind.API, TokenId.of("ab12CD34ef56"), "Q".repeat(32));
    assertThat(format.parse(valid).toString()).doesNotContain("QQQQ").contains("redacted");
    String tampered = valid.substring(0, valid.length() - 1) + "Z";
    assertThat(format.parse(tampered).toString()).doesNotContain("QQQQ");
  }

  @Test
  void customPrefixesAreValidated() {
    TokenFormat custom = TokenFormat.builder().prefix(TokenKind.API, "acme9").build();
    String token = custom.format(TokenKind.API, TokenId.of("ab12CD34ef56"), "s".repeat(32));
    assertThat(token).startsWith("acme9_");
    assertThat(custom.parse(token).isValid()).isTrue();
    assertThat(format.parse(token).isValid()).isFalse();

    for (String prefix : new String[] {null, "", "a", "ABC", "tk_", "tøk", "abcdefghijk", "a b"}) {
      assertThatThrownBy(() -> TokenFormat.builder().prefix(TokenKind.API, prefix))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("prefix");
    }
    assertThatThrownBy(() -> TokenFormat.builder().prefix(null, "ab"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenFormat.builder().prefix(TokenKind.SERVER, "tk").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("own prefix");
  }

  @Test
  void formatRejectsBadArguments() {
    TokenId id = TokenId.of("ab12CD34ef56");
    assertThatThrownBy(() -> format.format(null, id, "s".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> format.format(TokenKind.API, null, "s".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> format.format(TokenKind.API, id, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> format.format(TokenKind.API, id, "s".repeat(31)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> format.format(TokenKind.API, id, "ü".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> format.format(TokenKind.API, id, "s".repeat(31) + "_"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> format.format(TokenKind.API, id, "s".repeat(1_000_000)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Base62 draws six bits per character and rejects 62 and 63: a whole buffer of rejects makes it
   * draw again rather than run past the buffer or return short.
   */
  @Test
  void aRandomStringIsCompleteEvenWhenAWholeDrawIsRejected() {
    SecureRandom rejectsFirst =
        new SecureRandom() {
          private int calls;

          @Override
          public void nextBytes(byte[] bytes) {
            java.util.Arrays.fill(bytes, calls++ == 0 ? (byte) 0x3F : (byte) 0x41);
          }
        };
    assertThat(Base62.random(rejectsFirst, 12)).isEqualTo("1".repeat(12));
  }
}

package dev.tokenkit.store.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final byte[] HASH = new byte[32];

  private static TokenRecord.Builder minimal() {
    return TokenRecord.builder()
        .id(TokenId.of("abcDEF012345"))
        .kind(TokenKind.API)
        .name("name")
        .secret(HashedSecret.of(1, HASH))
        .createdAt(NOW);
  }

  @Test
  void tokenIdAcceptsExactlyTwelveBase62Characters() {
    assertThat(TokenId.of("abcDEF012345").value()).isEqualTo("abcDEF012345");
    assertThat(TokenId.of("abcDEF012345"))
        .isEqualTo(TokenId.of("abcDEF012345"))
        .hasSameHashCodeAs(TokenId.of("abcDEF012345"));
    for (String bad :
        new String[] {
          null,
          "",
          "abc",
          "abcDEF0123456",
          "abcDEF01234_",
          "abcDEF01234é",
          "abcDEF01234 ",
          "ａbcDEF012345",
          "x".repeat(10_000)
        }) {
      assertThat(TokenId.isValid(bad)).as(String.valueOf(bad)).isFalse();
      assertThatThrownBy(() -> TokenId.of(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("12 characters");
    }
    qt().forAll(strings().allPossible().ofLengthBetween(0, 20))
        .checkAssert(s -> assertThat(TokenId.isValid(s)).isEqualTo(s.matches("[0-9A-Za-z]{12}")));
  }

  @Test
  void tokenIdsOrderLikeTheirStrings() {
    List<TokenId> ids =
        new ArrayList<>(
            List.of(
                TokenId.of("zzzzzzzzzzzz"),
                TokenId.of("000000000000"),
                TokenId.of("AAAAAAAAAAAA"),
                TokenId.of("aaaaaaaaaaaa")));
    ids.sort(null);
    assertThat(ids)
        .extracting(TokenId::value)
        .containsExactly("000000000000", "AAAAAAAAAAAA", "aaaaaaaaaaaa", "zzzzzzzzzzzz");
  }

  @Test
  void sensitiveBytesCopyCompareAndRedact() {
    byte[] raw = {1, 2, 3};
    SensitiveBytes b = SensitiveBytes.of(raw);
    raw[0] = 9;
    assertThat(b.toByteArray()).containsExactly(1, 2, 3);
    b.toByteArray()[0] = 9;
    assertThat(b.toByteArray()).containsExactly(1, 2, 3);
    assertThat(b)
        .isEqualTo(SensitiveBytes.of(new byte[] {1, 2, 3}))
        .isNotEqualTo(SensitiveBytes.of(new byte[] {1, 2, 4}))
        .isNotEqualTo(SensitiveBytes.of(new byte[] {1, 2}));
    assertThat(b.contentEquals(new byte[] {1, 2, 3})).isTrue();
    assertThat(b.contentEquals(null)).isFalse();
    assertThat(b.toString()).isEqualTo("SensitiveBytes[3 bytes, redacted]");
    assertThatThrownBy(() -> SensitiveBytes.of(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SensitiveBytes.of(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hashedSecretValidatesAndRedacts() {
    HashedSecret h = HashedSecret.of(2, new byte[] {7, 7, 7});
    assertThat(h.matches(new byte[] {7, 7, 7})).isTrue();
    assertThat(h.matches(new byte[] {7, 7, 8})).isFalse();
    assertThat(h.toString()).contains("pepperVersion=2").doesNotContain("7, 7");
    assertThat(h)
        .isEqualTo(HashedSecret.of(2, new byte[] {7, 7, 7}))
        .isNotEqualTo(HashedSecret.of(3, new byte[] {7, 7, 7}));
    assertThatThrownBy(() -> HashedSecret.of(0, HASH)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashedSecret.of(1, (byte[]) null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HashedSecret.of(1, (SensitiveBytes) null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hashedSecretMatchesExactlyItsOwnBytesWhateverTheLength() {
    // 32-byte hashes are held in fields, other lengths in an array: both must behave alike.
    qt().forAll(integers().between(1, 70), integers().between(0, 69), integers().between(1, 255))
        .checkAssert(
            (length, position, flip) -> {
              byte[] bytes = new byte[length];
              for (int i = 0; i < length; i++) {
                bytes[i] = (byte) (i * 37 + length);
              }
              HashedSecret h = HashedSecret.of(1, bytes);
              assertThat(h.matches(bytes.clone())).isTrue();
              assertThat(h.hash().toByteArray()).isEqualTo(bytes);
              assertThat(h)
                  .isEqualTo(HashedSecret.of(1, bytes))
                  .hasSameHashCodeAs(HashedSecret.of(1, bytes));
              byte[] changed = bytes.clone();
              changed[position % length] ^= (byte) flip.intValue();
              assertThat(h.matches(changed)).isFalse();
              assertThat(h).isNotEqualTo(HashedSecret.of(1, changed));
              assertThat(h.matches(Arrays.copyOf(bytes, length + 1))).isFalse();
              assertThat(h.matches(Arrays.copyOf(bytes, length - 1))).isFalse();
              assertThat(h.matches(null)).isFalse();
            });
  }

  @Test
  void recordsKeepSecretsOfEveryLengthExactly() {
    for (int length : new int[] {1, 31, 32, 33, 64}) {
      byte[] hash = new byte[length];
      for (int i = 0; i < length; i++) {
        hash[i] = (byte) (i * 7 + 1);
      }
      HashedSecret secret = HashedSecret.of(3, hash);
      TokenRecord r = minimal().secret(secret).build();
      assertThat(r.secret()).contains(secret);
      assertThat(r.secret().orElseThrow().matches(hash)).isTrue();
      assertThat(r.toBuilder().build()).isEqualTo(r);
      byte[] other = hash.clone();
      other[length - 1] ^= 1;
      assertThat(minimal().secret(HashedSecret.of(3, other)).build()).isNotEqualTo(r);
      assertThat(minimal().secret(HashedSecret.of(4, hash)).build()).isNotEqualTo(r);
    }
    TokenRecord browser = minimal().kind(TokenKind.BROWSER).secret(null).build();
    assertThat(browser.secret()).isEmpty();
    assertThat(browser.toBuilder().build()).isEqualTo(browser);
  }

  @Test
  void hasIdComparesWithTheRecordsOwnId() {
    TokenRecord r = minimal().build();
    assertThat(r.hasId(TokenId.of("abcDEF012345"))).isTrue();
    assertThat(r.hasId(TokenId.of("abcDEF012346"))).isFalse();
    assertThat(r.hasId(TokenId.of("bbcDEF012345"))).isFalse();
    assertThat(r.hasId(null)).isFalse();
  }

  @Test
  void recordBuilderRequiresTheStructuralFields() {
    assertThat(minimal().build().description()).isEmpty();
    assertThatThrownBy(() -> minimal().id(null).build()).hasMessageContaining("id is required");
    assertThatThrownBy(() -> minimal().kind(null).build()).hasMessageContaining("kind");
    assertThatThrownBy(() -> minimal().name(null).build()).hasMessageContaining("name");
    assertThatThrownBy(() -> minimal().name(" ").build()).hasMessageContaining("blank");
    assertThatThrownBy(() -> minimal().createdAt(null).build()).hasMessageContaining("createdAt");
    assertThatThrownBy(() -> minimal().secret(null).build()).hasMessageContaining("secret");
    assertThatThrownBy(() -> minimal().description(null).build())
        .hasMessageContaining("description");
    assertThatThrownBy(() -> minimal().access(null).build()).hasMessageContaining("access");
    assertThatThrownBy(() -> minimal().attributes(null).build()).hasMessageContaining("attributes");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    assertThatThrownBy(() -> minimal().attributes(nullValue).build())
        .hasMessageContaining("attributes");
    assertThatThrownBy(() -> minimal().version(-1).build()).hasMessageContaining("version");
    assertThatThrownBy(() -> minimal().previousSecret(HashedSecret.of(1, HASH), null).build())
        .hasMessageContaining("together");
    assertThat(minimal().kind(TokenKind.BROWSER).secret(null).build().secret()).isEmpty();
  }

  @Test
  void recordsAreImmutableSortedCopies() {
    List<String> scopes = new ArrayList<>(List.of("b:read", "a:read"));
    TokenRecord r =
        minimal().access(TokenAccess.fullAccess().withMode(AccessMode.CUSTOM, scopes)).build();
    scopes.add("c:read");
    assertThat(r.access().scopes()).containsExactly("a:read", "b:read");
    assertThatThrownBy(() -> r.access().scopes().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.attributes().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(r.toBuilder().build()).isEqualTo(r);
    assertThat(r.toBuilder().description("other").build()).isNotEqualTo(r);
    assertThat(r.updatedAt()).isEqualTo(r.createdAt());
  }

  @Test
  void nameKeysFoldCase() {
    assertThat(TokenRecord.nameKey("Deploy BOT")).isEqualTo("deploy bot");
    assertThat(TokenRecord.nameKey("ſ")).isEqualTo(TokenRecord.nameKey("S"));
    assertThat(minimal().name("ÄÖÜ").build().nameKey()).isEqualTo("äöü");
  }

  @Test
  void stateFollowsThePrecedenceRevokedDisabledExpired() {
    TokenRecord active = minimal().expiresAt(NOW.plusSeconds(10)).build();
    assertThat(active.stateAt(NOW)).isEqualTo(TokenState.ACTIVE);
    assertThat(active.stateAt(NOW.plusSeconds(10))).isEqualTo(TokenState.EXPIRED);
    assertThat(active.toBuilder().enabled(false).build().stateAt(NOW.plusSeconds(10)))
        .isEqualTo(TokenState.DISABLED);
    assertThat(
            active.toBuilder().enabled(false).revokedAt(NOW).build().stateAt(NOW.plusSeconds(10)))
        .isEqualTo(TokenState.REVOKED);
    assertThat(minimal().build().stateAt(Instant.MAX)).isEqualTo(TokenState.ACTIVE);
  }

  @Test
  void recordToStringShowsNoSecretMaterial() {
    byte[] hash = new byte[32];
    Arrays.fill(hash, (byte) 0x5A);
    TokenRecord r =
        minimal().secret(HashedSecret.of(1, hash)).sealedSecret(SensitiveBytes.of(hash)).build();
    assertThat(r.toString())
        .contains("abcDEF012345")
        .doesNotContain("5a5a", "5A5A", "90, 90", "ZZZZ", "WlpaWl");
  }

  @Test
  void filterAndPageValidate() {
    TokenRecord r = minimal().ownerId("ann").build();
    assertThat(TokenFilter.all().matches(r)).isTrue();
    assertThat(TokenFilter.builder().ownerId("bob").build().matches(r)).isFalse();
    assertThat(TokenFilter.builder().kind(TokenKind.SERVER).build().matches(r)).isFalse();
    assertThat(TokenFilter.builder().state(TokenState.ACTIVE, NOW).build().matches(r)).isTrue();
    assertThatThrownBy(() -> TokenFilter.builder().state(TokenState.ACTIVE).build().matches(r))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("instant");
    TokenFilter f = TokenFilter.builder().ownerId("ann").state(TokenState.ACTIVE).build();
    assertThat(f.toBuilder().asOf(NOW).build().asOf()).contains(NOW);
    assertThat(f.toBuilder().build()).isEqualTo(f);

    assertThat(TokenPage.of(List.of(r), null).nextCursor()).isEmpty();
    assertThatThrownBy(() -> TokenPage.of(null, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TokenPage.of(Arrays.asList(r, null), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exceptionsCarryTheirFacts() {
    DuplicateTokenException dup =
        new DuplicateTokenException(DuplicateTokenException.Field.NAME, "ci");
    assertThat(dup.field()).isEqualTo(DuplicateTokenException.Field.NAME);
    assertThat(dup.getMessage()).contains("name").contains("ci");
    StaleTokenException stale = new StaleTokenException(TokenId.of("abcDEF012345"), 3);
    assertThat(stale.tokenId()).isEqualTo(TokenId.of("abcDEF012345"));
    assertThat(stale.getMessage()).contains("version 3");
  }
}

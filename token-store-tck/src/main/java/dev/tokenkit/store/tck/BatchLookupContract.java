package dev.tokenkit.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link TokenStore#findByIds}: for each id, what {@link TokenStore#find} answers,
 * missing ids left out, at most {@value TokenStore#MAX_PAGE_SIZE} ids a call. Part of {@link
 * TokenStoreContract}.
 */
public interface BatchLookupContract {

  /** The store under test. */
  TokenStore storeUnderTest();

  @Test
  default void findByIdsAnswersWhatFindAnswersForEachId() {
    TokenStore store = storeUnderTest();
    TokenRecord full = store.create(TokenStoreContract.fullRecord(TokenStoreContract.id(1), "ü"));
    TokenRecord plain = store.create(TokenStoreContract.record(TokenStoreContract.id(2), "b"));
    TokenId missing = TokenStoreContract.id(3);

    Map<TokenId, TokenRecord> found =
        store.findByIds(List.of(full.id(), missing, plain.id(), full.id()));

    assertThat(found).containsOnlyKeys(full.id(), plain.id());
    assertThat(found.get(full.id())).isEqualTo(store.find(full.id()).orElseThrow());
    assertThat(found.get(plain.id())).isEqualTo(store.find(plain.id()).orElseThrow());
    assertThat(store.findByIds(List.of())).isEmpty();
    assertThat(store.findByIds(List.of(missing))).isEmpty();
    found.clear(); // the caller's own map
  }

  @Test
  default void findByIdsTakesAFullPageAndNoMore() {
    TokenStore store = storeUnderTest();
    List<TokenId> ids = new ArrayList<>();
    for (int i = 0; i < TokenStore.MAX_PAGE_SIZE; i++) {
      ids.add(TokenStoreContract.id(i));
    }
    store.create(TokenStoreContract.record(ids.get(999), "last"));
    assertThat(store.findByIds(ids)).containsOnlyKeys(ids.get(999));

    ids.add(TokenStoreContract.id(TokenStore.MAX_PAGE_SIZE));
    assertThatThrownBy(() -> store.findByIds(ids))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids");
  }

  @Test
  default void findByIdsRejectsNullAndNullIds() {
    TokenStore store = storeUnderTest();
    assertThatThrownBy(() -> store.findByIds(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids");
    assertThatThrownBy(() -> store.findByIds(Arrays.asList(TokenStoreContract.id(1), null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ids");
  }
}

package dev.tokenkit.store.memory;

import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.tck.UseLimitContract;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/**
 * The SPI's default {@code consumeUse} (find and compare-and-set update, retried), for stores that
 * do not override it, against the use-limit contract: a store that implements only the six required
 * methods.
 */
class DefaultConsumeUseTest implements UseLimitContract {

  private TokenStore store;

  @BeforeEach
  void newStore() {
    TokenStore memory = MemoryTokenStore.create();
    store =
        new TokenStore() {
          @Override
          public TokenRecord create(TokenRecord record) {
            return memory.create(record);
          }

          @Override
          public Optional<TokenRecord> find(TokenId id) {
            return memory.find(id);
          }

          @Override
          public Optional<TokenRecord> findByName(String name) {
            return memory.findByName(name);
          }

          @Override
          public TokenRecord update(TokenRecord updated) {
            return memory.update(updated);
          }

          @Override
          public boolean delete(TokenId id) {
            return memory.delete(id);
          }

          @Override
          public TokenPage list(TokenFilter filter, @Nullable String cursor, int limit) {
            return memory.list(filter, cursor, limit);
          }
        };
  }

  @Override
  public TokenStore storeUnderTest() {
    return store;
  }
}

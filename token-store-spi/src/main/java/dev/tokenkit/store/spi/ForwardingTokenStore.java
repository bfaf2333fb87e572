package dev.tokenkit.store.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} that forwards every call to another one; override the calls you want to
 * change. Decorating stores build on it (the cache of {@code token-store-cache} does), and so do
 * fault-injection tests that observe, slow down, break or fail calls. Thread-safe when the delegate
 * and the overrides are.
 */
public abstract class ForwardingTokenStore implements TokenStore {

  private final TokenStore delegate;

  /**
   * @param delegate the store every call goes to
   */
  protected ForwardingTokenStore(TokenStore delegate) {
    this.delegate = delegate;
  }

  /** The store every call goes to. */
  protected TokenStore delegate() {
    return delegate;
  }

  @Override
  public TokenRecord create(TokenRecord record) {
    return delegate.create(record);
  }

  @Override
  public Optional<TokenRecord> find(TokenId id) {
    return delegate.find(id);
  }

  @Override
  public Map<TokenId, TokenRecord> findByIds(@Nullable Collection<TokenId> ids) {
    return delegate.findByIds(ids);
  }

  @Override
  public Optional<TokenRecord> findByName(String name) {
    return delegate.findByName(name);
  }

  @Override
  public Optional<TokenRecord> findByName(@Nullable String tenant, String name) {
    return delegate.findByName(tenant, name);
  }

  @Override
  public TokenRecord update(TokenRecord updated) {
    return delegate.update(updated);
  }

  @Override
  public boolean delete(TokenId id) {
    return delegate.delete(id);
  }

  @Override
  public TokenPage list(TokenFilter filter, @Nullable String cursor, int limit) {
    return delegate.list(filter, cursor, limit);
  }

  @Override
  public void recordUsage(Map<TokenId, Instant> usage) {
    delegate.recordUsage(usage);
  }

  @Override
  public OptionalLong consumeUse(@Nullable TokenId id, @Nullable Instant now) {
    return delegate.consumeUse(id, now);
  }

  @Override
  public boolean claimOnce(String value, Instant expiresAt) {
    return delegate.claimOnce(value, expiresAt);
  }

  @Override
  public int deleteExpired(Instant now) {
    return delegate.deleteExpired(now);
  }
}

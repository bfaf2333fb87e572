package dev.tokenkit.core;

import dev.tokenkit.store.spi.ForwardingTokenStore;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.spi.TokenStoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A store decorator for tests: counts reads and writes, can be switched to fail, and can run a hook
 * before an update (to simulate a concurrent writer).
 */
final class CountingStore extends ForwardingTokenStore {

  final TokenStore delegate;
  final AtomicInteger reads = new AtomicInteger();
  final AtomicInteger writes = new AtomicInteger();
  final List<Map<TokenId, Instant>> usageBatches = new ArrayList<>();
  volatile boolean failing;
  volatile UnaryOperator<TokenRecord> beforeUpdate = r -> r;

  CountingStore(TokenStore delegate) {
    super(delegate);
    this.delegate = delegate;
  }

  private void maybeFail() {
    if (failing) {
      throw new TokenStoreException(
          "store is down (test)", new java.io.IOException("connection refused"));
    }
  }

  @Override
  public TokenRecord create(TokenRecord record) {
    maybeFail();
    writes.incrementAndGet();
    return delegate.create(record);
  }

  @Override
  public Optional<TokenRecord> find(TokenId id) {
    maybeFail();
    reads.incrementAndGet();
    return delegate.find(id);
  }

  @Override
  public Optional<TokenRecord> findByName(String name) {
    maybeFail();
    reads.incrementAndGet();
    return delegate.findByName(name);
  }

  @Override
  public TokenRecord update(TokenRecord updated) {
    maybeFail();
    writes.incrementAndGet();
    return delegate.update(beforeUpdate.apply(updated));
  }

  @Override
  public boolean delete(TokenId id) {
    maybeFail();
    writes.incrementAndGet();
    return delegate.delete(id);
  }

  @Override
  public TokenPage list(TokenFilter filter, String cursor, int limit) {
    maybeFail();
    reads.incrementAndGet();
    return delegate.list(filter, cursor, limit);
  }

  @Override
  public void recordUsage(Map<TokenId, Instant> usage) {
    maybeFail();
    writes.incrementAndGet();
    synchronized (usageBatches) {
      usageBatches.add(Map.copyOf(usage));
    }
    delegate.recordUsage(usage);
  }

  @Override
  public java.util.OptionalLong consumeUse(TokenId id, Instant now) {
    maybeFail();
    writes.incrementAndGet();
    return delegate.consumeUse(id, now);
  }

  int storeCalls() {
    return reads.get() + writes.get();
  }
}

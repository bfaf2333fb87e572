package dev.tokenkit.store.jdbc;

import dev.tokenkit.store.spi.TokenId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Keeps one node's token cache in step with the writes of every other node on PostgreSQL. The
 * store's schema (version 6) announces, at commit, the id of each token changed in a way
 * authentication sees (created, edited, enabled or disabled, regenerated, revoked, deleted, a use
 * counted) on the channel {@code <prefix>tokens}; a rolled-back write announces nothing. This
 * listener holds one connection of its own, listens on that channel and hands the ids announced
 * since its last poll to {@code onChanges} in one call (e.g. {@code CachingTokenStore::reload},
 * which reads those it caches again in one query), or each to {@code onChange} (e.g. {@code
 * CachingTokenStore::invalidate}).
 *
 * <p>Driven by the host: call {@link #poll()} on a schedule (every 100 ms gives a revocation on one
 * node effect on all others well within a second). A poll reads what has arrived without waiting
 * for more; every {@link Builder#checkInterval} without news it also asks the database whether the
 * connection still works. When the connection fails, the listener calls {@code onReset} at once
 * (announcements may be lost from then on: e.g. {@code CachingTokenStore::invalidateAll}), and
 * reconnects on a later poll, waiting 100 ms after the first failed attempt and twice as long after
 * each further one, up to {@link Builder#reconnectBackoff}'s maximum; once it listens again it
 * calls {@code onReset} again. However long the database is away, a cache's own time to live stays
 * the upper bound on what it serves.
 *
 * <p>Thread-safe ({@link #poll()} and {@link #close()} are synchronized); starts no threads. The
 * callbacks run on the polling thread and should not throw (one that throws counts as a lost
 * connection); {@code onChanges} may read the store, as {@code CachingTokenStore::reload} does with
 * one query per poll.
 */
public final class PostgresInvalidationListener implements AutoCloseable {

  private static final System.Logger LOG =
      System.getLogger(PostgresInvalidationListener.class.getName());

  private final DataSource dataSource;
  private final String channel;
  private final Consumer<? super Set<TokenId>> onChanges;
  private final Runnable onReset;
  private final long minBackoffNanos;
  private final long maxBackoffNanos;
  private final long checkIntervalNanos;

  private @Nullable Connection connection;
  private @Nullable PGConnection listening;
  private long backoffNanos;
  private long nextAttemptAt;
  private long lastHeardAt;
  private boolean closed;

  private PostgresInvalidationListener(
      Builder b,
      DataSource dataSource,
      Consumer<? super Set<TokenId>> onChanges,
      Runnable onReset) {
    this.dataSource = dataSource;
    this.channel = b.tablePrefix + "tokens";
    this.onChanges = onChanges;
    this.onReset = onReset;
    this.minBackoffNanos = b.minBackoff.toNanos();
    this.maxBackoffNanos = b.maxBackoff.toNanos();
    this.checkIntervalNanos = b.checkInterval.toNanos();
    this.nextAttemptAt = System.nanoTime();
  }

  /** A builder: the data source, {@code onChanges} (or {@code onChange}) and {@code onReset}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The channel listened on: the table prefix followed by {@code tokens}. */
  public String channel() {
    return channel;
  }

  /**
   * Connects if it is time to, then hands every announcement that has arrived to the callbacks.
   * Never throws for a database problem: that counts as a lost connection.
   *
   * @return how many distinct token ids this poll handed on (0 when closed or not connected)
   */
  public synchronized int poll() {
    if (closed) {
      return 0;
    }
    long now = System.nanoTime();
    PGConnection pg = listening;
    if (pg == null) {
      if (now - nextAttemptAt < 0) {
        return 0;
      }
      pg = connect(now);
      if (pg == null) {
        return 0;
      }
    }
    try {
      PGNotification[] arrived = pg.getNotifications();
      if (arrived.length == 0 && now - lastHeardAt >= checkIntervalNanos) {
        // A closed socket shows no news: only a round trip tells a silent connection from a dead
        // one.
        try (Statement s = connection().createStatement()) {
          s.execute("SELECT 1");
        }
        arrived = pg.getNotifications();
        lastHeardAt = now;
      } else if (arrived.length > 0) {
        lastHeardAt = now;
      }
      return announce(arrived);
    } catch (SQLException | RuntimeException e) {
      lost(now, e);
      return 0;
    }
  }

  /** Whether the listener has a working connection now (as of its last poll). */
  public synchronized boolean isListening() {
    return listening != null;
  }

  /** Closes the connection; later polls do nothing. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    disconnect();
  }

  private @Nullable PGConnection connect(long now) {
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setAutoCommit(true);
      PGConnection pg = c.unwrap(PGConnection.class);
      try (Statement s = c.createStatement()) {
        s.execute("LISTEN " + channel);
      }
      connection = c;
      listening = pg;
      backoffNanos = 0;
      lastHeardAt = now;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      backoffNanos =
          backoffNanos == 0 ? minBackoffNanos : Math.min(maxBackoffNanos, backoffNanos * 2);
      nextAttemptAt = now + backoffNanos;
      LOG.log(
          System.Logger.Level.WARNING,
          "tokenkit cannot listen for token changes on "
              + channel
              + " (next try in "
              + backoffNanos / 1_000_000
              + " ms): "
              + e);
      return null;
    }
    // Whatever changed while no one listened is unknown: drop it all.
    onReset.run();
    return listening;
  }

  private int announce(PGNotification[] arrived) {
    Set<TokenId> changed = new LinkedHashSet<>();
    for (PGNotification notification : arrived) {
      if (!channel.equals(notification.getName())) {
        continue;
      }
      String payload = notification.getParameter();
      if (TokenId.isValid(payload)) {
        changed.add(TokenId.of(payload));
      } else {
        onReset.run(); // not an id this library announced: assume anything changed
      }
    }
    if (!changed.isEmpty()) {
      onChanges.accept(changed);
    }
    return changed.size();
  }

  private void lost(long now, Exception e) {
    LOG.log(
        System.Logger.Level.WARNING,
        "tokenkit stopped hearing token changes on " + channel + "; reconnecting: " + e);
    disconnect();
    nextAttemptAt = now;
    onReset.run();
  }

  private Connection connection() {
    Connection c = connection;
    if (c == null) {
      throw new IllegalStateException("not connected");
    }
    return c;
  }

  private void disconnect() {
    closeQuietly(connection);
    connection = null;
    listening = null;
  }

  private static void closeQuietly(@Nullable Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException | RuntimeException ignored) {
        // A broken connection may refuse to close; it is dropped either way.
      }
    }
  }

  @Override
  public String toString() {
    return "PostgresInvalidationListener[" + channel + "]";
  }

  /** Builds a {@link PostgresInvalidationListener}. Not thread-safe. */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private String tablePrefix = TablePrefix.DEFAULT;
    private @Nullable Consumer<? super Set<TokenId>> onChanges;
    private @Nullable Runnable onReset;
    private Duration minBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(2);
    private Duration checkInterval = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * Where the listener's one connection comes from: the host's pool (the connection is then held
     * for good) or a data source of its own. Must reach PostgreSQL through its JDBC driver.
     */
    public Builder dataSource(@Nullable DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /**
     * The store's table prefix (default {@code tokenkit_}), which names the channel.
     *
     * @throws IllegalArgumentException if malformed (as {@link JdbcTokenStore.Builder#tablePrefix})
     */
    public Builder tablePrefix(@Nullable String tablePrefix) {
      this.tablePrefix = TablePrefix.check(tablePrefix);
      return this;
    }

    /**
     * Called once per poll that heard announcements, with the token ids announced (each once, in
     * the order heard), e.g. {@code CachingTokenStore::reload}. Replaces {@link #onChange}.
     */
    public Builder onChanges(@Nullable Consumer<? super Set<TokenId>> onChanges) {
      this.onChanges = onChanges;
      return this;
    }

    /**
     * Called with each announced token id, e.g. {@code CachingTokenStore::invalidate}. Replaces
     * {@link #onChanges}.
     */
    public Builder onChange(@Nullable Consumer<TokenId> onChange) {
      this.onChanges = onChange == null ? null : ids -> ids.forEach(onChange);
      return this;
    }

    /**
     * Called when announcements may have been missed (the connection failed, or listening started
     * again), e.g. {@code CachingTokenStore::invalidateAll}.
     */
    public Builder onReset(@Nullable Runnable onReset) {
      this.onReset = onReset;
      return this;
    }

    /**
     * The wait before the second connection attempt after a failure, doubled after each further
     * failure up to {@code max} (defaults 100 ms and 2 s: a node that serves again after an outage
     * hears other nodes' changes again at most about 2 s later).
     *
     * @throws IllegalArgumentException if either is null or not positive, {@code min} is above
     *     {@code max}, or {@code max} is above one hour
     */
    public Builder reconnectBackoff(@Nullable Duration min, @Nullable Duration max) {
      if (min == null
          || max == null
          || min.isNegative()
          || min.isZero()
          || min.compareTo(max) > 0
          || max.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "reconnectBackoff must be positive, min at most max, max at most one hour");
      }
      this.minBackoff = min;
      this.maxBackoff = max;
      return this;
    }

    /**
     * How long a connection may stay silent before a poll checks it with a query (default 5 s).
     *
     * @throws IllegalArgumentException if null, not positive or above one hour
     */
    public Builder checkInterval(@Nullable Duration checkInterval) {
      if (checkInterval == null
          || checkInterval.isNegative()
          || checkInterval.isZero()
          || checkInterval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("checkInterval must be positive and at most one hour");
      }
      this.checkInterval = checkInterval;
      return this;
    }

    /**
     * The listener, not yet connected (the first {@link #poll()} connects).
     *
     * @throws IllegalArgumentException if the data source, {@code onReset} or both of {@code
     *     onChanges} and {@code onChange} are missing
     */
    public PostgresInvalidationListener build() {
      DataSource source = dataSource;
      Consumer<? super Set<TokenId>> change = onChanges;
      Runnable reset = onReset;
      if (source == null || change == null || reset == null) {
        throw new IllegalArgumentException(
            "dataSource, onChanges (or onChange) and onReset are required");
      }
      return new PostgresInvalidationListener(this, source, change, reset);
    }
  }
}

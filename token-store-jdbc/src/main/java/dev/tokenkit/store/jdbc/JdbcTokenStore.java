package dev.tokenkit.store.jdbc;

import dev.tokenkit.store.jdbc.internal.Codec;
import dev.tokenkit.store.jdbc.internal.Durability;
import dev.tokenkit.store.jdbc.internal.OneTimeValues;
import dev.tokenkit.store.jdbc.internal.SchemaMigrations;
import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import dev.tokenkit.store.spi.TokenStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} on a JDBC {@link DataSource} (PostgreSQL or H2). It owns no pool and no
 * threads: give it the host's pooled data source. Every write is one transaction, so a failure
 * leaves the whole change or nothing. {@code update} is a compare-and-set on the version column;
 * {@code recordUsage} is one batched statement; {@code list} uses keyset paging on the primary key;
 * {@code deleteExpired} deletes in batches of 500.
 *
 * <p>Schema: the versioned scripts under {@link SqlDialect#migrationsLocation()} (the table {@code
 * <prefix>tokens} and the one-time values); {@link #createSchemaIfMissing()} applies those not yet
 * applied, or hand them to Flyway. Names are unique through a SHA-256 column of the name key, so
 * names of any length stay indexable. Instants are stored as epoch microseconds.
 *
 * <p>Thread-safe. SQL failures become {@link TokenStoreException} with the SQL state and the
 * driver's exception as cause; messages never contain secret material.
 */
public final class JdbcTokenStore implements TokenStore {

  private static final int DELETE_BATCH = 500;
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;
  private final SqlDialect dialect;
  private final String table;
  private final String prefix;
  private final OneTimeValues oneTimeValues;
  private volatile boolean durabilityChecked;

  private JdbcTokenStore(DataSource dataSource, SqlDialect dialect, String prefix) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.prefix = prefix;
    this.table = prefix + "tokens";
    this.oneTimeValues = new OneTimeValues(prefix);
  }

  /**
   * A builder: data source and dialect are required; the table prefix defaults to {@code
   * tokenkit_}.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates the tables and indexes, or upgrades them, by applying the dialect's migrations that the
   * database has not had yet (recorded in {@code <prefix>schema_version}; a database written before
   * versioning is upgraded in place). Idempotent. Then checks that the database keeps acknowledged
   * commits when the process dies: a file-based H2 database must run with {@code WRITE_DELAY=0}
   * (add {@code ;WRITE_DELAY=0} to its URL), or this refuses it.
   *
   * @throws TokenStoreException if the database refuses
   * @throws IllegalStateException if H2 would lose acknowledged commits on a crash (the message
   *     names the setting)
   */
  public void createSchemaIfMissing() {
    String problem;
    try (Connection c = dataSource.getConnection()) {
      new SchemaMigrations(prefix).migrate(c, dialect.migrations());
      problem = dialect == SqlDialect.H2 ? Durability.h2Problem(c) : null;
    } catch (SQLException e) {
      throw failure("create schema", e);
    }
    durabilityChecked = true;
    if (problem != null) {
      throw new IllegalStateException("refusing " + problem);
    }
  }

  /**
   * On the first write of a store whose schema was not created through {@link
   * #createSchemaIfMissing} (which refuses such a database), warns once if H2 would lose
   * acknowledged commits on a crash.
   */
  private void warnIfNotDurable(Connection c) throws SQLException {
    if (durabilityChecked || dialect != SqlDialect.H2) {
      return;
    }
    durabilityChecked = true;
    String problem = Durability.h2Problem(c);
    if (problem != null) {
      System.getLogger(JdbcTokenStore.class.getName()).log(System.Logger.Level.WARNING, problem);
    }
  }

  @Override
  public TokenRecord create(TokenRecord record) {
    requireArgument(record, "record");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO "
                    + table
                    + " ("
                    + TokenRows.COLUMNS
                    + ") VALUES (?"
                    + ", ?".repeat(TokenRows.COLUMN_COUNT - 1)
                    + ")")) {
      warnIfNotDurable(c);
      TokenRows.bind(ps, record, record.lastUsedAt().orElse(null), record.version());
      ps.executeUpdate();
      return record;
    } catch (SQLException e) {
      if (isUniqueViolation(e)) {
        boolean idTaken = find(record.id()).isPresent();
        throw idTaken
            ? new DuplicateTokenException(DuplicateTokenException.Field.ID, record.id().value())
            : new DuplicateTokenException(DuplicateTokenException.Field.NAME, record.name());
      }
      throw failure("create", e);
    }
  }

  @Override
  public Optional<TokenRecord> find(TokenId id) {
    requireArgument(id, "id");
    return selectOne(
        "SELECT " + TokenRows.COLUMNS + " FROM " + table + " WHERE id = ?", id.value(), "find");
  }

  /** One query for all of them. */
  @Override
  public Map<TokenId, TokenRecord> findByIds(@Nullable Collection<TokenId> ids) {
    Collection<TokenId> checked = TokenStore.checkIds(ids);
    Map<TokenId, TokenRecord> found = new HashMap<>();
    if (checked.isEmpty()) {
      return found;
    }
    List<String> values = checked.stream().map(TokenId::value).distinct().toList();
    String marks = String.join(", ", Collections.nCopies(values.size(), "?"));
    String sql = "SELECT " + TokenRows.COLUMNS + " FROM " + table + " WHERE id IN (" + marks + ")";
    for (TokenRecord record : selectAll(sql, values, "findByIds")) {
      found.put(record.id(), record);
    }
    return found;
  }

  @Override
  public Optional<TokenRecord> findByName(String name) {
    return findByName(null, name);
  }

  @Override
  public Optional<TokenRecord> findByName(@Nullable String tenant, String name) {
    requireArgument(name, "name");
    String key = TokenRecord.nameKey(tenant, name);
    return selectOne(
            "SELECT " + TokenRows.COLUMNS + " FROM " + table + " WHERE name_hash = ?",
            Codec.nameHash(key),
            "findByName")
        .filter(r -> r.nameKey().equals(key));
  }

  @Override
  public TokenRecord update(TokenRecord updated) {
    requireArgument(updated, "record");
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        Long storedLastUsed;
        try (PreparedStatement lock =
            c.prepareStatement(
                "SELECT version, last_used_at FROM " + table + " WHERE id = ? FOR UPDATE")) {
          lock.setString(1, updated.id().value());
          try (ResultSet rs = lock.executeQuery()) {
            if (!rs.next() || rs.getLong(1) != updated.version()) {
              c.rollback();
              throw new StaleTokenException(updated.id(), updated.version());
            }
            storedLastUsed = TokenRows.nullableLong(rs, 2);
          }
        }
        Instant lastUsed = later(Codec.instant(storedLastUsed), updated.lastUsedAt().orElse(null));
        TokenRecord stored =
            updated.toBuilder().lastUsedAt(lastUsed).version(updated.version() + 1).build();
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE "
                    + table
                    + " SET ("
                    + TokenRows.COLUMNS
                    + ") = (?"
                    + ", ?".repeat(TokenRows.COLUMN_COUNT - 1)
                    + ") WHERE id = ? AND version = ?")) {
          TokenRows.bind(ps, stored, lastUsed, stored.version());
          ps.setString(TokenRows.COLUMN_COUNT + 1, updated.id().value());
          ps.setLong(TokenRows.COLUMN_COUNT + 2, updated.version());
          if (ps.executeUpdate() != 1) {
            c.rollback();
            throw new StaleTokenException(updated.id(), updated.version());
          }
        }
        c.commit();
        return stored;
      } catch (SQLException e) {
        rollbackQuietly(c);
        if (isUniqueViolation(e)) {
          throw new DuplicateTokenException(DuplicateTokenException.Field.NAME, updated.name());
        }
        throw e;
      } catch (RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw failure("update", e);
    }
  }

  @Override
  public OptionalLong consumeUse(@Nullable TokenId id, @Nullable Instant now) {
    requireArgument(id, "id");
    requireArgument(now, "now");
    try (Connection c = dataSource.getConnection()) {
      return UseCounter.consume(
          c, table, Objects.requireNonNull(id), Codec.micros(Objects.requireNonNull(now)));
    } catch (SQLException e) {
      throw failure("consumeUse", e);
    }
  }

  @Override
  public boolean delete(TokenId id) {
    requireArgument(id, "id");
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
      ps.setString(1, id.value());
      return ps.executeUpdate() > 0;
    } catch (SQLException e) {
      throw failure("delete", e);
    }
  }

  @Override
  public TokenPage list(TokenFilter filter, @Nullable String cursor, int limit) {
    TokenStore.checkListArguments(filter, cursor, limit);
    ListQuery query = ListQuery.of(table, filter, cursor, limit + 1);
    List<TokenRecord> items = selectAll(query.sql(), query.params(), "list");
    if (items.size() > limit) {
      List<TokenRecord> page = items.subList(0, limit);
      return TokenPage.of(page, page.get(limit - 1).id().value());
    }
    return TokenPage.of(items, null);
  }

  @Override
  public void recordUsage(Map<TokenId, Instant> usage) {
    requireArgument(usage, "usage");
    for (Map.Entry<TokenId, Instant> e : usage.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException("usage must not contain null keys or values");
      }
    }
    if (usage.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE "
                  + table
                  + " SET last_used_at = ? WHERE id = ?"
                  + " AND (last_used_at IS NULL OR last_used_at < ?)")) {
        // In id order: two nodes flushing the same tokens then lock rows in one order, and
        // cannot deadlock each other.
        for (Map.Entry<TokenId, Instant> e : new TreeMap<>(usage).entrySet()) {
          long at = Codec.micros(e.getValue());
          ps.setLong(1, at);
          ps.setString(2, e.getKey().value());
          ps.setLong(3, at);
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw failure("recordUsage", e);
    }
  }

  @Override
  public boolean claimOnce(String value, Instant expiresAt) {
    TokenStore.checkOneTimeValue(value, expiresAt);
    try (Connection c = dataSource.getConnection()) {
      return oneTimeValues.claim(c, value, expiresAt);
    } catch (SQLException e) {
      throw failure("claimOnce", e);
    }
  }

  /** Also deletes the one-time values that expired ({@link #claimOnce}). */
  @Override
  public int deleteExpired(Instant now) {
    requireArgument(now, "now");
    try (Connection c = dataSource.getConnection()) {
      oneTimeValues.purge(c, now);
    } catch (SQLException e) {
      throw failure("deleteExpired", e);
    }
    String sql =
        "DELETE FROM "
            + table
            + " WHERE id IN (SELECT id FROM "
            + table
            + " WHERE expires_at IS NOT NULL AND expires_at <= ? ORDER BY id LIMIT "
            + DELETE_BATCH
            + ")";
    int total = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      while (true) {
        ps.setLong(1, Codec.micros(now));
        int deleted = ps.executeUpdate();
        total += deleted;
        if (deleted < DELETE_BATCH) {
          return total;
        }
      }
    } catch (SQLException e) {
      throw failure("deleteExpired", e);
    }
  }

  // ---- mapping -------------------------------------------------------------------------------

  private Optional<TokenRecord> selectOne(String sql, String param, String operation) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(TokenRows.read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  private List<TokenRecord> selectAll(String sql, List<?> params, String operation) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        if (params.get(i) instanceof Long l) {
          ps.setLong(i + 1, l);
        } else {
          ps.setString(i + 1, (String) params.get(i));
        }
      }
      List<TokenRecord> records = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          records.add(TokenRows.read(rs));
        }
      }
      return records;
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // The original failure is what matters.
    }
  }

  private static TokenStoreException failure(String operation, SQLException e) {
    return new TokenStoreException(
        "token store " + operation + " failed (SQL state " + e.getSQLState() + ")", e);
  }

  private static void requireArgument(@Nullable Object value, String name) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  @Override
  public String toString() {
    return "JdbcTokenStore[" + dialect + ", table=" + table + "]";
  }

  /** Builds a {@link JdbcTokenStore}. Not thread-safe. */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private @Nullable SqlDialect dialect;
    private String tablePrefix = TablePrefix.DEFAULT;

    private Builder() {}

    /** The host's (pooled) data source. */
    public Builder dataSource(@Nullable DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    public Builder dialect(@Nullable SqlDialect dialect) {
      this.dialect = dialect;
      return this;
    }

    /**
     * The table name prefix (default {@code tokenkit_}): empty, or a lower-case letter followed by
     * up to 30 of {@code [a-z0-9_]}.
     *
     * @throws IllegalArgumentException if malformed
     */
    public Builder tablePrefix(@Nullable String tablePrefix) {
      this.tablePrefix = TablePrefix.check(tablePrefix);
      return this;
    }

    /**
     * Builds the store (no database access yet).
     *
     * @throws IllegalArgumentException if the data source or dialect is missing
     */
    public JdbcTokenStore build() {
      if (dataSource == null || dialect == null) {
        throw new IllegalArgumentException("dataSource and dialect are required");
      }
      return new JdbcTokenStore(dataSource, dialect, tablePrefix);
    }
  }
}

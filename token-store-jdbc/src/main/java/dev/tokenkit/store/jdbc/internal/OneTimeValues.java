package dev.tokenkit.store.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The one-time values table ({@code <prefix>one_time_values}): a primary key on the value makes the
 * first insert win on every node; a later insert of the same value fails with a unique violation,
 * which means "seen before". Stateless and thread-safe.
 */
public final class OneTimeValues {

  private static final String UNIQUE_VIOLATION = "23505";

  private final String table;

  /** The table of the store with this table prefix. */
  public OneTimeValues(String prefix) {
    this.table = prefix + "one_time_values";
  }

  /**
   * Inserts {@code value} with its expiry, in the connection's own transaction.
   *
   * @return true if it was new, false if it was recorded already
   * @throws SQLException for any other failure
   */
  public boolean claim(Connection c, String value, Instant expiresAt) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO " + table + " (seen_value, expires_at) VALUES (?, ?)")) {
      ps.setString(1, value);
      ps.setLong(2, Codec.micros(expiresAt));
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /** Deletes the values whose expiry is at or before {@code now}; how many. */
  public int purge(Connection c, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM " + table + " WHERE expires_at <= ?")) {
      ps.setLong(1, Codec.micros(now));
      return ps.executeUpdate();
    }
  }
}

package dev.tokenkit.store.jdbc;

import dev.tokenkit.store.spi.TokenId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * {@link JdbcTokenStore#consumeUse}: one conditional {@code UPDATE} decrements a token's remaining
 * uses only while some are left or a refill is due (then it starts the new period with the refill's
 * uses, less this one); the database serialises concurrent ones on the row. The count is read in
 * the same transaction.
 */
final class UseCounter {

  private UseCounter() {}

  /** A refill that is due at {@code now} (one parameter). */
  private static final String DUE =
      "uses_refill_period IS NOT NULL AND uses_refill_start + uses_refill_period <= ?";

  static OptionalLong consume(Connection c, String table, TokenId id, long nowMicros)
      throws SQLException {
    c.setAutoCommit(false);
    try {
      int used;
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE "
                  + table
                  + " SET remaining_uses = CASE WHEN "
                  + DUE
                  + " THEN uses_refill - 1 ELSE remaining_uses - 1 END,"
                  + " uses_refill_start = CASE WHEN "
                  + DUE
                  + " THEN uses_refill_start + ((? - uses_refill_start) / uses_refill_period)"
                  + " * uses_refill_period ELSE uses_refill_start END,"
                  + " version = version + 1"
                  + " WHERE id = ? AND (remaining_uses > 0 OR ("
                  + DUE
                  + "))")) {
        // Every right-hand side reads the row as it was: the refill and the count move together.
        ps.setLong(1, nowMicros);
        ps.setLong(2, nowMicros);
        ps.setLong(3, nowMicros);
        ps.setString(4, id.value());
        ps.setLong(5, nowMicros);
        used = ps.executeUpdate();
      }
      OptionalLong answer = OptionalLong.empty();
      try (PreparedStatement ps =
          c.prepareStatement("SELECT remaining_uses FROM " + table + " WHERE id = ?")) {
        ps.setString(1, id.value());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            long left = rs.getLong(1);
            if (!rs.wasNull()) {
              answer = OptionalLong.of(used == 1 ? left : -1);
            }
          }
        }
      }
      c.commit();
      return answer;
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    }
  }
}

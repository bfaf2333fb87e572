package dev.tokenkit.store.jdbc;

import dev.tokenkit.store.spi.TokenId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * {@link JdbcTokenStore#consumeUse}: one conditional {@code UPDATE} decrements a token's remaining
 * uses only while some are left (the database serialises concurrent ones on the row), then the
 * count is read in the same transaction.
 */
final class UseCounter {

  private UseCounter() {}

  static OptionalLong consume(Connection c, String table, TokenId id) throws SQLException {
    c.setAutoCommit(false);
    try {
      int used;
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE "
                  + table
                  + " SET remaining_uses = remaining_uses - 1, version = version + 1"
                  + " WHERE id = ? AND remaining_uses > 0")) {
        ps.setString(1, id.value());
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

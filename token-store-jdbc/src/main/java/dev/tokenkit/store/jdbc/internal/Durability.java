package dev.tokenkit.store.jdbc.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * Whether a database keeps what it acknowledged when the process dies. H2 delays writing commits to
 * its file by {@code WRITE_DELAY} milliseconds (500 by default), so a process killed within that
 * time loses changes whose commit had returned: a revoked token comes back. {@code WRITE_DELAY=0}
 * writes each commit before it returns (to the operating system, which keeps it when the process
 * dies). In-memory H2 databases keep nothing anyway and are not checked.
 */
public final class Durability {

  private Durability() {}

  /**
   * Why commits on this H2 connection would not survive a process crash, naming the setting to
   * change; null if they would (or the database is not a file-based H2).
   */
  public static @Nullable String h2Problem(Connection c) throws SQLException {
    String url = c.getMetaData().getURL();
    if (url == null || !url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:")) {
      return null;
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      String delay = rs.next() ? rs.getString(1) : null;
      if (delay == null || delay.strip().equals("0")) {
        return null;
      }
      int semicolon = url.indexOf(';');
      String database = semicolon < 0 ? url : url.substring(0, semicolon);
      return "the H2 database "
          + database
          + " writes commits up to WRITE_DELAY="
          + delay.strip()
          + " ms after acknowledging them, so a process crash would lose acknowledged changes"
          + " (a revoked token could come back): add ;WRITE_DELAY=0 to its JDBC URL";
    }
  }
}

package dev.tokenkit.store.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a dialect's versioned scripts in order and records each in {@code
 * <prefix>schema_version}. A database without that table (one written before versioning, or a new
 * one) starts at version 1: every script is idempotent, so re-running one on tables that already
 * have its changes is harmless. Two nodes starting together may both run a script; the second finds
 * nothing to do and its record of the version is ignored. Stateless and thread-safe.
 */
public final class SchemaMigrations {

  private static final String UNIQUE_VIOLATION = "23505";

  private final String prefix;
  private final String table;

  /** The migrations of the store with this table prefix. */
  public SchemaMigrations(String prefix) {
    this.prefix = prefix;
    this.table = prefix + "schema_version";
  }

  /**
   * Brings the database to the last of {@code scripts} (class-path resources named {@code
   * V<n>__<description>.sql}, oldest first).
   *
   * @return the versions applied now, empty if the database was up to date
   */
  public List<Integer> migrate(Connection c, List<String> scripts) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + table
              + " (version INTEGER NOT NULL, description VARCHAR(200) NOT NULL,"
              + " installed_at BIGINT NOT NULL, CONSTRAINT "
              + table
              + "_pk PRIMARY KEY (version))");
    }
    int current = currentVersion(c);
    List<Integer> applied = new ArrayList<>();
    for (String script : scripts) {
      int version = version(script);
      if (version <= current) {
        continue;
      }
      try (Statement s = c.createStatement()) {
        for (String statement : statements(read(script))) {
          s.execute(statement);
        }
      }
      record(c, version, description(script));
      applied.add(version);
    }
    return applied;
  }

  /** The highest version recorded, 0 if none. */
  private int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + table)) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private void record(Connection c, int version, String description) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO " + table + " (version, description, installed_at) VALUES (?, ?, ?)")) {
      ps.setInt(1, version);
      ps.setString(2, description);
      ps.setLong(3, Codec.micros(Instant.now()));
      ps.executeUpdate();
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
    }
  }

  /**
   * The statements of a script with its prefix filled in: comment lines dropped, split at each ';'
   * outside a dollar-quoted ({@code $$ ... $$}) function body.
   */
  private List<String> statements(String script) {
    StringBuilder text = new StringBuilder();
    for (String line : script.replace("${prefix}", prefix).split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        text.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        quoted = !quoted;
        i++;
      } else if (text.charAt(i) == ';' && !quoted) {
        addStatement(statements, text.substring(start, i));
        start = i + 1;
      }
    }
    addStatement(statements, text.substring(start));
    return statements;
  }

  private static void addStatement(List<String> statements, String statement) {
    if (!statement.isBlank()) {
      statements.add(statement.strip());
    }
  }

  private static String read(String resource) {
    try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("schema resource missing: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  /** 2 for {@code .../V2__tenants.sql}. */
  static int version(String script) {
    String file = script.substring(script.lastIndexOf('/') + 1);
    return Integer.parseInt(file.substring(1, file.indexOf("__")));
  }

  private static String description(String script) {
    String file = script.substring(script.lastIndexOf('/') + 1);
    return file.substring(file.indexOf("__") + 2, file.length() - ".sql".length())
        .replace('_', ' ');
  }
}

package dev.tokenkit.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An embedded PostgreSQL on a data directory and port of its own, so that a test can stop it and
 * start it again under connections that stay configured for it.
 */
final class RestartablePostgres {

  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres postgres;

  private RestartablePostgres(String name) throws IOException {
    dataDir = Files.createTempDirectory(name);
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    postgres = boot();
  }

  /** A new database, started. */
  static RestartablePostgres start(String name) throws IOException {
    return new RestartablePostgres(name);
  }

  private EmbeddedPostgres boot() throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  /** A data source for the database (unpooled; connects within 5 s or fails). */
  PGSimpleDataSource dataSource() {
    PGSimpleDataSource database = new PGSimpleDataSource();
    database.setServerNames(new String[] {"localhost"});
    database.setPortNumbers(new int[] {port});
    database.setDatabaseName("postgres");
    database.setUser("postgres");
    database.setConnectTimeout(5);
    return database;
  }

  void stop() throws IOException {
    postgres.close();
  }

  /** Starts the stopped database again on the same data and port. */
  void restart() throws IOException {
    postgres = boot();
  }
}

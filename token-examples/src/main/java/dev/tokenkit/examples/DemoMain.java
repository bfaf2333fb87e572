package dev.tokenkit.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -jar tokenkit-demo.jar tour|serve [options]}: {@code tour} runs the guided tour
 * against a fresh server and exits 0 only if every step answered as it should; {@code serve} keeps
 * a server running for curl.
 */
public final class DemoMain {

  static final String USAGE =
      "usage: java -jar tokenkit-demo.jar tour|serve [--port N] [--data DIR]"
          + " [--jdbc-url URL] [--jdbc-user USER]  (password in TOKENKIT_JDBC_PASSWORD)";

  private DemoMain() {}

  /** Runs the tour or the server; see the class description. */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length > 0 && args[0].equals("tour")) {
      // The tour's own lines tell the story; keep the server's log to warnings unless asked.
      System.setProperty(
          "org.slf4j.simpleLogger.defaultLogLevel",
          System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    }
    int status = run(args, System.out, System.err, System.getenv());
    if (status >= 0) {
      System.exit(status);
    }
  }

  /**
   * Runs a command. Returns the process exit status, or -1 once {@code serve} has started (the
   * server then runs until the process is stopped).
   */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env)
      throws IOException, InterruptedException {
    ReferenceServer.Settings settings = new ReferenceServer.Settings();
    settings.env = env;
    settings.jdbcPassword = env.get("TOKENKIT_JDBC_PASSWORD");
    String command = args.length == 0 ? "" : args[0];
    boolean tour = command.equals("tour");
    if (!tour && !command.equals("serve")) {
      err.println(USAGE);
      return 2;
    }
    if (tour) {
      settings.port = 0; // a free port
    }
    try {
      for (int i = 1; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--port" -> settings.port = port(value);
          case "--data" -> {
            serverOnly(tour, args[i]);
            settings.dataDir = Path.of(value);
          }
          case "--jdbc-url" -> {
            serverOnly(tour, args[i]);
            settings.jdbcUrl = value;
          }
          case "--jdbc-user" -> {
            serverOnly(tour, args[i]);
            settings.jdbcUser = value;
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (tour) {
      // Always a fresh database in a temporary directory, so the story starts from nothing.
      Path scratch = Files.createTempDirectory("tokenkit-tour");
      settings.dataDir = scratch;
      try (ReferenceServer server = start(settings, out)) {
        boolean passed = new Tour(server.port(), server.bootstrapToken().orElseThrow(), out).run();
        out.println(passed ? "tour passed" : "tour FAILED");
        return passed ? 0 : 1;
      } finally {
        deleteTree(scratch);
      }
    }
    ReferenceServer server;
    try {
      server = start(settings, out);
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("cannot start: " + e.getMessage()); // e.g. an H2 URL that would lose commits
      return 2;
    }
    // The server's threads keep the process alive; Ctrl-C stops it and flushes usage.
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    return -1;
  }

  private static void serverOnly(boolean tour, String option) {
    if (tour) {
      throw new IllegalArgumentException(
          option + " is for serve; the tour always runs on a fresh temporary database");
    }
  }

  private static ReferenceServer start(ReferenceServer.Settings settings, PrintStream out)
      throws IOException {
    ReferenceServer server = ReferenceServer.start(settings);
    out.println("listening on http://127.0.0.1:" + server.port());
    server.bootstrapToken().ifPresent(token -> out.println("bootstrap admin token: " + token));
    out.flush();
    return server;
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("--port must be 0 to 65535");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}

package dev.tokenkit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.core.TokenUpdate;
import dev.tokenkit.store.cache.CachingTokenStore;
import dev.tokenkit.store.jdbc.JdbcTokenStore;
import dev.tokenkit.store.jdbc.PostgresInvalidationListener;
import dev.tokenkit.store.jdbc.SqlDialect;
import dev.tokenkit.store.spi.ForwardingTokenStore;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Several nodes on one PostgreSQL under a mixed load (issue 26): four token services in this JVM,
 * each with its own HikariCP pool, its own ten-minute {@link CachingTokenStore} and its own {@link
 * PostgresInvalidationListener}, over one embedded PostgreSQL holding 1 000 000 tokens. Four
 * workers (one per node, each polling and flushing on its own scheduler thread) send 99%
 * authentications (90% of them on 200 hot tokens, the rest spread over 20 000) and 1% management
 * calls (creates, edits, revocations); usage is flushed every second. A prober revokes a token
 * cached on every node every 200 ms and times until all four refuse it. After the measured phase
 * the database is stopped for 10 s under load and started again.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.tokenkit.benchmarks.ScaleLoad [measured seconds]
 * [management calls per 1000 requests]} (defaults 60 and 10); loopback only, stops by itself.
 */
public final class ScaleLoad {

  private static final int NODES = 4;
  private static final int WORKERS_PER_NODE = 1;
  private static final int ROWS = 1_000_000;
  private static final int REAL = 20_000;
  private static final int HOT = 200;
  private static final int VICTIMS = 2_000; // tokens HOT..HOT+VICTIMS are the prober's
  private static final Duration TTL = Duration.ofMinutes(10);

  private final List<Node> nodes = new ArrayList<>();
  private final String[] tokens = new String[REAL];
  private final TokenId[] ids = new TokenId[REAL];
  private volatile boolean running = true;
  private volatile int phase; // 0 warm, 1 measured, 2 outage and after
  private EmbeddedPostgres postgres;
  private final Path dataDir;
  private final int port;
  private final int managementPerMille;

  private ScaleLoad(int managementPerMille) throws Exception {
    this.managementPerMille = managementPerMille;
    dataDir = Files.createTempDirectory("tokenkit-scale");
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    postgres = startPostgres();
  }

  private EmbeddedPostgres startPostgres() throws Exception {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private DataSource direct() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"localhost"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName("postgres");
    ds.setUser("postgres");
    ds.setConnectTimeout(2);
    return ds;
  }

  /** One application node and what it counted. */
  final class Node {
    final HikariDataSource pool;
    final CountingDataSource counted;
    final TokenService service;
    final PostgresInvalidationListener listener;
    final AtomicLong auths = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong revokedRefusals = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong management = new AtomicLong();
    final AtomicLong announcements = new AtomicLong();
    final Map<String, Long> refusedCalls = new ConcurrentHashMap<>();
    final Latencies latencies = new Latencies();
    final List<long[]> flushes = new CopyOnWriteArrayList<>(); // {rows written, distinct used}
    // Two threads: a slow usage flush must not hold up the listener's polls.
    final ScheduledExecutorService host = Executors.newScheduledThreadPool(2);
    final List<Future<?>> tasks = new ArrayList<>(); // on this node's scheduler
    final AtomicLong storeReads = new AtomicLong(); // authentications' lookups past the cache
    final ThreadLocal<Boolean> managing = ThreadLocal.withInitial(() -> false);
    final AtomicLong batchReads = new AtomicLong(); // the listener's reads of changed tokens
    final AtomicLong batchRows = new AtomicLong();
    volatile ConcurrentHashMap.KeySetView<String, Boolean> used = ConcurrentHashMap.newKeySet();

    Node() {
      HikariConfig config = new HikariConfig();
      config.setDataSource(direct());
      config.setMaximumPoolSize(4);
      config.setConnectionTimeout(250);
      config.setValidationTimeout(250);
      pool = new HikariDataSource(config);
      counted = new CountingDataSource(pool, () -> phase == 1, managing::get);
      CachingTokenStore cache =
          CachingTokenStore.builder()
              .ttl(TTL)
              .maximumSize(200_000)
              .wrap(
                  new ForwardingTokenStore(
                      JdbcTokenStore.builder()
                          .dataSource(counted)
                          .dialect(SqlDialect.POSTGRESQL)
                          .build()) {
                    @Override
                    public Optional<TokenRecord> find(TokenId id) {
                      if (phase == 1 && !managing.get()) {
                        storeReads.incrementAndGet();
                      }
                      return super.find(id);
                    }

                    @Override
                    public Map<TokenId, TokenRecord> findByIds(@Nullable Collection<TokenId> ids) {
                      if (phase == 1) {
                        batchReads.incrementAndGet();
                        batchRows.addAndGet(ids == null ? 0 : ids.size());
                      }
                      return super.findByIds(ids);
                    }
                  });
      service = Fixture.builder(cache).build();
      listener =
          PostgresInvalidationListener.builder()
              .dataSource(pool)
              .onChanges(cache::reload)
              .onReset(cache::invalidateAll)
              .build();
      tasks.add(host.scheduleWithFixedDelay(this::poll, 0, 100, TimeUnit.MILLISECONDS));
      tasks.add(host.scheduleWithFixedDelay(this::flush, 1, 1, TimeUnit.SECONDS));
    }

    private void poll() {
      int heard = listener.poll();
      if (phase == 1) {
        announcements.addAndGet(heard);
      }
    }

    private void flush() {
      ConcurrentHashMap.KeySetView<String, Boolean> distinct = used;
      used = ConcurrentHashMap.newKeySet();
      try {
        int rows = service.usage().flush();
        if (phase == 1) {
          flushes.add(new long[] {rows, distinct.size()});
        }
      } catch (RuntimeException e) {
        // Database away: the uses stay queued for the next flush.
      }
    }

    /** An authentication outside the measured load (the probes), its use counted all the same. */
    boolean accepts(int i) {
      used.add(tokens[i]);
      return service.authenticate(tokens[i], RequestContext.empty()).isAuthenticated();
    }

    void authenticate(int i) {
      // Counted as used in the interval that may flush its use: this one, or the next one.
      used.add(tokens[i]);
      long start = System.nanoTime();
      AuthResult result = service.authenticate(tokens[i], RequestContext.empty());
      long took = System.nanoTime() - start;
      if (phase != 1) {
        count(result);
        return;
      }
      auths.incrementAndGet();
      latencies.add(took);
      count(result);
    }

    private void count(AuthResult result) {
      if (result.isAuthenticated()) {
        ok.incrementAndGet();
      } else {
        RejectionReason reason = ((AuthResult.Rejected) result).reason();
        if (reason == RejectionReason.REVOKED) {
          revokedRefusals.incrementAndGet();
        } else if (reason == RejectionReason.UNAVAILABLE) {
          unavailable.incrementAndGet();
        } else {
          errors.incrementAndGet();
        }
      }
    }

    void manage() {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int kind = random.nextInt(3);
      int i = HOT + VICTIMS + random.nextInt(REAL - HOT - VICTIMS);
      managing.set(true);
      try {
        if (kind == 0) {
          service.create(
              Fixture.ADMIN, CreateTokenRequest.named("load " + random.nextLong()).build());
        } else if (kind == 1) {
          service.update(
              Fixture.ADMIN,
              ids[i],
              TokenUpdate.builder().description("edited " + random.nextInt()).build());
        } else {
          service.revoke(Fixture.ADMIN, ids[i]);
        }
      } catch (RuntimeException e) {
        if (phase == 1) {
          // Management calls may lose a race with another node's edit of the same token.
          refusedCalls.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1L, Long::sum);
        }
      } finally {
        managing.set(false);
      }
      if (phase == 1) {
        management.incrementAndGet();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int perMille = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    new ScaleLoad(perMille).run(seconds);
    System.exit(0);
  }

  private void run(int seconds) throws Exception {
    long setupStart = System.nanoTime();
    DataSource direct = direct();
    JdbcTokenStore.builder()
        .dataSource(direct)
        .dialect(SqlDialect.POSTGRESQL)
        .build()
        .createSchemaIfMissing();
    createTokens(direct);
    System.out.printf(
        Locale.ROOT,
        "setup: %d tokens (%d issued through the API) in %.0f s%n",
        ROWS,
        REAL,
        (System.nanoTime() - setupStart) / 1e9);
    for (int n = 0; n < NODES; n++) {
      nodes.add(new Node());
    }
    for (Node node : nodes) { // every node has looked up every token once: warm caches
      for (int i = 0; i < REAL; i++) {
        node.authenticate(i);
      }
    }
    List<Thread> workers = new ArrayList<>();
    for (Node node : nodes) {
      for (int w = 0; w < WORKERS_PER_NODE; w++) {
        Thread t = new Thread(() -> work(node));
        t.start();
        workers.add(t);
      }
    }
    Propagation steady = new Propagation();
    Thread.sleep(10_000); // warm-up under load
    phase = 1;
    long measuredStart = System.nanoTime();
    steady.probe(this, Duration.ofSeconds(seconds));
    double measured = (System.nanoTime() - measuredStart) / 1e9;
    phase = 2;
    report(measured, steady);
    new Outage(this).run();
    running = false;
    for (Thread t : workers) {
      t.join();
    }
    nodes.forEach(n -> n.host.shutdownNow());
    nodes.forEach(n -> n.listener.close());
    nodes.forEach(n -> n.pool.close());
    postgres.close();
  }

  private void work(Node node) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running) {
      if (random.nextInt(1000) < managementPerMille) {
        node.manage();
      } else {
        int i =
            random.nextInt(10) < 9
                ? random.nextInt(HOT)
                : HOT + VICTIMS + random.nextInt(REAL - HOT - VICTIMS);
        node.authenticate(i);
      }
    }
  }

  /** The tokens the load uses through the API, then copies of one row up to {@link #ROWS}. */
  private void createTokens(DataSource direct) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setDataSource(direct);
    config.setMaximumPoolSize(4);
    HikariDataSource setupPool = new HikariDataSource(config);
    TokenService creator =
        Fixture.builder(
                JdbcTokenStore.builder()
                    .dataSource(setupPool)
                    .dialect(SqlDialect.POSTGRESQL)
                    .build())
            .build();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int first = t;
      threads[t] =
          new Thread(
              () -> {
                for (int i = first; i < REAL; i += threads.length) {
                  var issued =
                      creator.create(Fixture.ADMIN, CreateTokenRequest.named("real " + i).build());
                  tokens[i] = issued.token();
                  ids[i] = issued.id();
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    setupPool.close();
    try (Connection c = direct.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO tokenkit_tokens SELECT 'f' || lpad(to_hex(g), 11, '0') AS id, kind,"
              + " 'filler ' || g, 'filler ' || g, encode(sha256(convert_to('filler ' || g,"
              + " 'UTF8')), 'hex'), description, owner_id, restricted_user, secret_hash,"
              + " secret_pepper, sealed_secret, previous_hash, previous_pepper,"
              + " previous_valid_until, access_mode, scopes, root_nodes, allowed_origins,"
              + " allowed_cidrs, attributes, enabled, created_at, updated_at, expires_at,"
              + " last_used_at, revoked_at, version, tenant, owner_kind, jwt_issued_at,"
              + " expiry_notice_for, remaining_uses, uses_refill, uses_refill_period,"
              + " uses_refill_start, rate_limits"
              + " FROM tokenkit_tokens t, generate_series(1, "
              + (ROWS - REAL)
              + ") g WHERE t.id = '"
              + ids[0].value()
              + "'");
      s.execute("VACUUM ANALYZE tokenkit_tokens");
    }
  }

  void stopDatabase() throws Exception {
    postgres.close();
  }

  void startDatabase() throws Exception {
    postgres = startPostgres();
  }

  List<Node> nodes() {
    return nodes;
  }

  String token(int i) {
    return tokens[i];
  }

  TokenId id(int i) {
    return ids[i];
  }

  static int victim(int k) {
    return HOT + (k % VICTIMS);
  }

  private void report(double seconds, Propagation steady) {
    long totalAuths = 0;
    long totalStatements = 0;
    long totalManagement = 0;
    Latencies all = new Latencies();
    System.out.printf(
        Locale.ROOT,
        "%nmeasured %.0f s; %d nodes x %d workers, cache TTL %s, management %.1f%% of requests%n",
        seconds,
        NODES,
        WORKERS_PER_NODE,
        TTL,
        managementPerMille / 10.0);
    System.out.println(
        "| node | auth/s | p50 µs | p99 µs | authentications' lookups past the cache / 1000 auth |"
            + " listener's reads (rows) / 1000 auth | statements but management calls' / 1000 auth"
            + " | all statements / 1000 auth | changes heard / 1000 auth | management calls |"
            + " errors | 503s |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (int n = 0; n < NODES; n++) {
      Node node = nodes.get(n);
      long a = node.auths.get();
      totalAuths += a;
      long statements = node.counted.statements.get();
      long management = node.counted.managementStatements.get();
      totalStatements += statements;
      totalManagement += management;
      all.merge(node.latencies);
      System.out.printf(
          Locale.ROOT,
          "| %d | %.0f | %.1f | %.1f | %.2f | %.2f (%.1f) | %.2f | %.2f | %.2f | %d | %d | %d |%n",
          n + 1,
          a / seconds,
          node.latencies.percentile(50) / 1e3,
          node.latencies.percentile(99) / 1e3,
          1000.0 * node.storeReads.get() / a,
          1000.0 * node.batchReads.get() / a,
          1000.0 * node.batchRows.get() / a,
          1000.0 * (statements - management) / a,
          1000.0 * statements / a,
          1000.0 * node.announcements.get() / a,
          node.management.get(),
          node.errors.get(),
          node.unavailable.get());
    }
    System.out.printf(
        Locale.ROOT,
        "| all | %.0f | %.1f | %.1f | %.2f | %.2f (%.1f) | %.2f | %.2f | | | | |%n",
        totalAuths / seconds,
        all.percentile(50) / 1e3,
        all.percentile(99) / 1e3,
        1000.0 * nodes.stream().mapToLong(x -> x.storeReads.get()).sum() / totalAuths,
        1000.0 * nodes.stream().mapToLong(x -> x.batchReads.get()).sum() / totalAuths,
        1000.0 * nodes.stream().mapToLong(x -> x.batchRows.get()).sum() / totalAuths,
        1000.0 * (totalStatements - totalManagement) / totalAuths,
        1000.0 * totalStatements / totalAuths);
    long flushes = 0;
    long over = 0;
    long maxRows = 0;
    double rows = 0;
    for (Node node : nodes) {
      for (long[] f : node.flushes) {
        flushes++;
        rows += f[0];
        maxRows = Math.max(maxRows, f[0]);
        if (f[0] > f[1]) {
          over++;
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "usage flushes: %d, rows written per flush mean %.0f max %d; flushes writing more rows"
            + " than distinct tokens used: %d%n",
        flushes,
        rows / Math.max(1, flushes),
        maxRows,
        over);
    for (int n = 0; n < NODES; n++) {
      System.out.println(
          "node " + (n + 1) + " management calls refused: " + nodes.get(n).refusedCalls);
    }
    System.out.println("revocation propagation (until all " + NODES + " nodes refuse): " + steady);
  }
}

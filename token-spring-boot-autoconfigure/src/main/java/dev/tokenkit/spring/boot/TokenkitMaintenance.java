package dev.tokenkit.spring.boot;

import dev.tokenkit.core.TokenService;
import dev.tokenkit.core.UsageRecorder;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Writes noted token uses ({@code lastUsedAt}), deletes expired tokens (and what else has a {@link
 * PurgeTask}), sends expiry notices (a {@link TokenExpiringEvent} per token about to expire, once)
 * and runs each {@link RepeatingTask} (listening for other nodes' changes) on Spring's {@link
 * TaskScheduler}: the application's own when it has exactly one, else a scheduler of one thread
 * (two with a repeating task) this bean starts and stops. On shutdown it flushes once more, before
 * the data source closes, so no noted use is lost on a graceful stop. Thread-safe: start and stop
 * are called by the container.
 */
final class TokenkitMaintenance implements SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(TokenkitMaintenance.class);

  private final UsageRecorder usage;
  private final TokenStore store;
  private final Duration flushInterval;
  private final @Nullable Duration purgeInterval;
  private final @Nullable ExpiryNoticeSchedule notices;
  private final List<PurgeTask> purgeTasks;
  private final List<RepeatingTask> repeatingTasks;
  private final ObjectProvider<TaskScheduler> schedulers;
  private final Clock clock;
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private @Nullable ThreadPoolTaskScheduler own;
  private boolean running;

  TokenkitMaintenance(
      UsageRecorder usage,
      TokenStore store,
      Duration flushInterval,
      @Nullable Duration purgeInterval,
      @Nullable ExpiryNoticeSchedule notices,
      List<PurgeTask> purgeTasks,
      List<RepeatingTask> repeatingTasks,
      ObjectProvider<TaskScheduler> schedulers,
      Clock clock) {
    this.usage = usage;
    this.store = store;
    this.flushInterval = flushInterval;
    this.purgeInterval = purgeInterval;
    this.notices = notices;
    this.purgeTasks = List.copyOf(purgeTasks);
    this.repeatingTasks = List.copyOf(repeatingTasks);
    this.schedulers = schedulers;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    TaskScheduler scheduler = schedulers.getIfUnique();
    if (scheduler == null) {
      ThreadPoolTaskScheduler threads = new ThreadPoolTaskScheduler();
      // A second thread when listening, so a slow flush or purge never holds up the polls.
      threads.setPoolSize(repeatingTasks.isEmpty() ? 1 : 2);
      threads.setThreadNamePrefix("tokenkit-");
      threads.setDaemon(true);
      threads.initialize();
      own = threads;
      scheduler = threads;
    }
    // The first run after one interval: nothing is due at startup.
    Instant now = clock.instant();
    scheduled.add(
        scheduler.scheduleWithFixedDelay(this::flush, now.plus(flushInterval), flushInterval));
    Duration purge = purgeInterval;
    if (purge != null) {
      scheduled.add(scheduler.scheduleWithFixedDelay(this::purge, now.plus(purge), purge));
    }
    ExpiryNoticeSchedule expiry = notices;
    if (expiry != null) {
      // Notices may be due at startup already: the first look within a minute.
      Duration first =
          expiry.interval().compareTo(Duration.ofMinutes(1)) < 0
              ? expiry.interval()
              : Duration.ofMinutes(1);
      scheduled.add(
          scheduler.scheduleWithFixedDelay(this::notice, now.plus(first), expiry.interval()));
    }
    for (RepeatingTask task : repeatingTasks) {
      scheduled.add(scheduler.scheduleWithFixedDelay(() -> run(task), now, task.interval()));
    }
    running = true;
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    scheduled.forEach(future -> future.cancel(false));
    scheduled.clear();
    ThreadPoolTaskScheduler threads = own;
    own = null;
    if (threads != null) {
      threads.shutdown();
    }
    flush(); // the last noted uses, while the store is still open
    repeatingTasks.forEach(task -> task.stop().run());
  }

  @Override
  public synchronized boolean isRunning() {
    return running;
  }

  /** Writes the noted uses; a failure keeps them for the next flush. */
  void flush() {
    try {
      usage.flush();
    } catch (RuntimeException e) {
      LOG.warn("tokenkit could not write token usage; it stays queued: {}", e.toString());
    }
  }

  /** When and how far ahead to look for tokens about to expire, and who to tell. */
  record ExpiryNoticeSchedule(
      TokenService tokens,
      Duration interval,
      Duration noticeBefore,
      ApplicationEventPublisher publisher) {}

  /** Sends the expiry notices that are due, one application event per token. */
  void notice() {
    ExpiryNoticeSchedule expiry = notices;
    if (expiry == null) {
      return;
    }
    try {
      List<TokenRecord> noticed = expiry.tokens().noticeExpiring(expiry.noticeBefore());
      for (TokenRecord record : noticed) {
        expiry.publisher().publishEvent(TokenExpiringEvent.of(record));
      }
      if (!noticed.isEmpty()) {
        LOG.info("tokenkit noticed {} tokens expiring soon", noticed.size());
      }
    } catch (RuntimeException e) {
      LOG.warn("tokenkit could not send expiry notices: {}", e.toString());
    }
  }

  /**
   * Something to run every {@code interval} from startup, stopped with {@code stop} on shutdown,
   * e.g. polling {@code PostgresInvalidationListener}.
   */
  record RepeatingTask(String what, Duration interval, Runnable task, Runnable stop) {}

  private static void run(RepeatingTask task) {
    try {
      task.task().run();
    } catch (RuntimeException e) {
      LOG.warn("tokenkit could not {}: {}", task.what(), e.toString());
    }
  }

  /** Something else to delete on the purge schedule, e.g. rows of full rate-limit buckets. */
  record PurgeTask(String what, IntSupplier task) {}

  /** Deletes tokens whose expiry has passed, then runs the other purge tasks. */
  void purge() {
    purge(new PurgeTask("expired tokens", () -> store.deleteExpired(clock.instant())));
    purgeTasks.forEach(TokenkitMaintenance::purge);
  }

  private static void purge(PurgeTask purge) {
    try {
      int deleted = purge.task().getAsInt();
      if (deleted > 0) {
        LOG.info("tokenkit deleted {} {}", deleted, purge.what());
      }
    } catch (RuntimeException e) {
      LOG.warn("tokenkit could not delete {}: {}", purge.what(), e.toString());
    }
  }
}

package dev.tokenkit.spring.boot;

import java.time.Duration;

/**
 * {@code tokenkit.expiry-notices.*}: telling the application which tokens expire soon. Mutable
 * while Spring binds it, then only read.
 */
public class ExpiryNoticeProperties {

  /** Whether tokens about to expire are noticed on a schedule (a TokenExpiringEvent each). */
  private boolean enabled = true;

  /** How often to look (the first look a minute after startup, or sooner). */
  private Duration interval = Duration.ofDays(1);

  /** How far ahead: a token is noticed once this close to its expiry (at most 366 days). */
  private Duration noticeBefore = Duration.ofDays(7);

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Duration getInterval() {
    return interval;
  }

  public void setInterval(Duration interval) {
    this.interval = interval;
  }

  public Duration getNoticeBefore() {
    return noticeBefore;
  }

  public void setNoticeBefore(Duration noticeBefore) {
    this.noticeBefore = noticeBefore;
  }
}

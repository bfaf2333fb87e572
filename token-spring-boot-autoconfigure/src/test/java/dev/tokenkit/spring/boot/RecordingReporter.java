package dev.tokenkit.spring.boot;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/** Keeps the failure analysis Spring Boot reports, for tests to read what a user would see. */
public final class RecordingReporter implements FailureAnalysisReporter {

  static final AtomicReference<FailureAnalysis> LAST = new AtomicReference<>();

  @Override
  public void report(FailureAnalysis analysis) {
    LAST.set(analysis);
  }
}

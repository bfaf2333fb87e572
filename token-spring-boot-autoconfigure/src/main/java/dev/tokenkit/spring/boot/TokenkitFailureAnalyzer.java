package dev.tokenkit.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a {@link TokenkitSetupException} as what is wrong and what to do, in one screen. */
final class TokenkitFailureAnalyzer extends AbstractFailureAnalyzer<TokenkitSetupException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, TokenkitSetupException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}

package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkit.fuzz.FuzzInput;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/** Fuzzes the {@code Authorization} header parse against a regular expression of its rules. */
class BearerTokenFuzzTest {

  /** RFC 6750 §2.1 as documented: scheme in any case, spaces or tabs, one credential, no comma. */
  private static final Pattern REFERENCE =
      Pattern.compile("[ \\t]*(?i:bearer)[ \\t]+([\\x21-\\x2B\\x2D-\\x7E]+)[ \\t]*");

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void theHeaderGivesTheCredentialExactlyWhenTheReferenceDoes(byte[] input) {
    String header = FuzzInput.text(input);
    Matcher m = REFERENCE.matcher(header);
    Optional<String> expected =
        header.length() <= TokenFormat.MAX_LENGTH + 64 && m.matches()
            ? Optional.of(m.group(1))
            : Optional.empty();
    assertThat(BearerToken.fromAuthorizationHeader(header)).isEqualTo(expected);
  }
}

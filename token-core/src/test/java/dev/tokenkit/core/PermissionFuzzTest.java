package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tokenkit.fuzz.FuzzInput;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/** Fuzzes permission strings against a regular expression of their documented form. */
class PermissionFuzzTest {

  private static final Pattern FORM =
      Pattern.compile("(\\*|[a-z0-9][a-z0-9._-]*):(\\*|[a-z0-9][a-z0-9._-]*)");

  @FuzzTest(maxDuration = "10m", maxExecutions = 2_000_000)
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aPermissionParsesExactlyWhenItHasTheDocumentedForm(byte[] input) {
    String[] parts = FuzzInput.texts(input, 2);
    Permission first = parseOrNull(parts[0]);
    boolean wellFormed =
        parts[0].length() <= Permission.MAX_LENGTH && FORM.matcher(parts[0]).matches();
    assertThat(first != null).isEqualTo(wellFormed);
    Permission second = parseOrNull(parts[1]);
    if (first == null || second == null) {
      return;
    }
    assertThat(first.toString()).isEqualTo(parts[0]);
    assertThat(first.covers(first)).isTrue();
    boolean expected =
        (first.resource().equals("*") || first.resource().equals(second.resource()))
            && (first.action().equals("*") || first.action().equals(second.action()));
    assertThat(first.covers(second)).isEqualTo(expected);
  }

  private static Permission parseOrNull(String text) {
    try {
      return Permission.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("permission ");
      return null;
    }
  }
}

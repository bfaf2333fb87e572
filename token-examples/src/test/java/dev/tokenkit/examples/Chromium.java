package dev.tokenkit.examples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and its driver for the browser tests, found on the {@code PATH} (or named by
 * {@code CHROME_BIN} and {@code CHROMEDRIVER}) and always given to Selenium explicitly: Selenium
 * Manager cannot download anything on the build machines. Without them the tests are skipped with
 * one line saying how to install them; in CI ({@code CI=true}) that is a failure instead.
 */
final class Chromium {

  static final String INSTALL =
      "browser tests skipped: Chromium not found; install it with"
          + " `apt-get install -y chromium chromium-driver` (or set CHROME_BIN and CHROMEDRIVER)";

  private Chromium() {}

  /** A headless Chromium of {@code width} x {@code height}, or the test is skipped (or fails). */
  static ChromeDriver start(int width, int height) {
    Optional<Path> browser =
        named("CHROME_BIN").or(() -> onPath(List.of("chromium", "chromium-browser")));
    Optional<Path> driver = named("CHROMEDRIVER").or(() -> onPath(List.of("chromedriver")));
    if (browser.isEmpty() || driver.isEmpty()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(INSTALL.replace("skipped", "cannot run in CI"));
      }
      System.out.println(INSTALL);
      Assumptions.abort(INSTALL);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.orElseThrow().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=" + width + "," + height,
        "--lang=en-GB");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.orElseThrow().toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** Saves what the browser shows to {@code target/console-screenshots/NAME.png}. */
  static void screenshot(ChromeDriver browser, String name) throws IOException {
    Path directory = Path.of("target", "console-screenshots");
    Files.createDirectories(directory);
    Files.write(directory.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  private static Optional<Path> named(String variable) {
    String value = System.getenv(variable);
    return value == null || value.isEmpty() ? Optional.empty() : executable(Path.of(value));
  }

  private static Optional<Path> onPath(List<String> names) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String name : names) {
      for (String directory : path.split(File.pathSeparator, -1)) {
        if (!directory.isEmpty()) {
          Optional<Path> found = executable(Path.of(directory, name));
          if (found.isPresent()) {
            return found;
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> executable(Path candidate) {
    return Files.isExecutable(candidate) ? Optional.of(candidate) : Optional.empty();
  }
}

package dev.tokenkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in the reference server, driven in headless Chromium: sign in, create each kind
 * of token and read it from the shown-once dialog, use it, edit, regenerate, revoke and delete it,
 * and what a read-only admin, a hostile token name and a narrow screen get.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class ConsoleBrowserTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private ChromeDriver browser;
  private ReferenceServer server;
  private String base;
  private WebDriverWait wait;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    browser = Chromium.start(1280, 900);
    ReferenceServer.Settings settings = new ReferenceServer.Settings();
    settings.port = 0;
    settings.dataDir = dataDir;
    server = ReferenceServer.start(settings);
    base = "http://127.0.0.1:" + server.port();
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    wait.ignoring(StaleElementReferenceException.class); // the table is redrawn after each change
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void anApiTokenFromCreationToDeletion() throws Exception {
    signIn("admin");
    String name = "ci reader " + System.nanoTime();
    // Keyboard: the create button answers Enter, and the form is all labelled controls.
    browser.findElement(By.id("create-button")).sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-name")));
    assertThat(unlabelledControls()).isEmpty();
    browser.findElement(By.id("token-name")).sendKeys(name);
    browser.findElement(By.cssSelector("input[name=access][value=full]")).click();
    String token = createAndReadSecret("secret-token", "console-shown-once");
    assertThat(token).isNotEmpty();
    assertThat(browser.getPageSource()).doesNotContain(token);
    assertThat(browser.findElements(By.id("secret-token"))).isEmpty();
    assertThat(browser.executeScript("return localStorage.length + sessionStorage.length;"))
        .isEqualTo(0L);
    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/console");
    assertThat(row(name).findElement(By.cssSelector("td.state")).getText()).isEqualTo("active");
    Chromium.screenshot(browser, "console-table");

    assertThat(content("GET", token)).isEqualTo(200);
    assertThat(content("PUT", token)).isEqualTo(204);

    // Edit to read-only: reads pass, writes are refused.
    action(name, "Edit").click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-name")));
    browser.findElement(By.cssSelector("input[name=access][value='read-only']")).click();
    browser.findElement(By.id("token-submit")).click();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Saved " + name + "."));
    assertThat(row(name).getText()).contains("read-only");
    assertThat(content("GET", token)).isEqualTo(200);
    assertThat(content("PUT", token)).isEqualTo(403);

    // Regenerate: a new secret, shown once; the old one is refused at once (no grace).
    action(name, "Regenerate").click();
    confirm();
    String regenerated = readSecretAndClose("secret-token");
    assertThat(regenerated).isNotEqualTo(token);
    assertThat(content("GET", token)).isEqualTo(401);
    assertThat(content("GET", regenerated)).isEqualTo(200);

    action(name, "Revoke").click();
    confirm();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Revoked " + name + "."));
    assertThat(row(name).findElement(By.cssSelector("td.state")).getText()).isEqualTo("revoked");
    assertThat(content("GET", regenerated)).isEqualTo(401);

    action(name, "Delete").click();
    confirm();
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Deleted " + name + "."));
    assertThat(rows()).noneMatch(r -> r.getText().contains(name));
  }

  @Test
  void serverAndBrowserTokensShowEveryValueOnce() throws Exception {
    signIn("admin");
    String name = "billing sync " + System.nanoTime();
    browser.findElement(By.id("create-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-name")));
    browser.findElement(By.cssSelector("input[name=kind][value=server]")).click();
    browser.findElement(By.id("token-name")).sendKeys(name);
    browser.findElement(By.id("token-description")).sendKeys("nightly invoices");
    browser.findElement(By.cssSelector("input[name=access][value=custom]")).click();
    browser.findElement(By.cssSelector("input[name=scope][value='content:read']")).click();
    browser.findElement(By.id("token-restricted")).sendKeys("editor");
    browser.findElement(By.id("token-jwt")).click();
    assertThat(browser.findElement(By.id("scopes")).getText())
        .contains("content", "read (read)", "write");
    Chromium.screenshot(browser, "console-create");
    browser.findElement(By.id("token-submit")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret-dialog")));
    String key = browser.findElement(By.id("secret-key")).getText();
    String secret = browser.findElement(By.id("secret-secret")).getText();
    String jwt = browser.findElement(By.id("secret-jwt")).getText();
    assertThat(key).isNotEmpty();
    assertThat(secret).isNotEmpty();
    assertThat(jwt.split("\\.", -1)).hasSize(3);
    browser.findElement(By.id("secret-close")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    for (String value : List.of(secret, jwt)) {
      assertThat(browser.getPageSource()).doesNotContain(value);
    }
    assertThat(content("GET", jwt)).isEqualTo(200);
    assertThat(row(name).getText()).contains("server", "content:read", "nightly invoices");
    // A server token's secret is sealed with the master key: an admin with tokens:reveal sees it
    // again, in the same shown-once dialog.
    action(name, "Reveal").click();
    assertThat(readSecretAndClose("secret-secret")).isEqualTo(secret);

    String widget = "docs widget " + System.nanoTime();
    browser.findElement(By.id("create-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-name")));
    browser.findElement(By.cssSelector("input[name=kind][value=browser]")).click();
    browser.findElement(By.id("token-name")).sendKeys(widget);
    browser.findElement(By.id("token-origins")).sendKeys("docs.example.com");
    new Select(browser.findElement(By.id("token-duration"))).selectByValue("7d");
    String browserToken = createAndReadSecret("secret-token", null);
    HttpResponse<String> read =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/widget/docs"))
                .header("Authorization", "Bearer " + browserToken)
                .header("Origin", "https://docs.example.com")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(row(widget).getText()).contains("browser");
    // Seven days left: within the notice period, so the table says it expires soon.
    assertThat(row(widget).getText()).contains("(expires soon)");
    assertThat(row(name).getText()).doesNotContain("expires soon"); // thirty days left
  }

  @Test
  void aReadOnlyAdminSeesNoCreateButtonAndAForgedCreateIsRefused() {
    signIn("auditor");
    wait.until(ExpectedConditions.textToBe(By.id("status"), "Page 1."));
    assertThat(browser.findElement(By.id("create-button")).isDisplayed()).isFalse();
    assertThat(browser.findElements(By.cssSelector("#tokens button"))).isEmpty();
    // The page would not offer it; the server refuses it anyway, CSRF token and all.
    Map<?, ?> forged = forge(true);
    assertThat(forged.get("status")).isEqualTo(403L);
    assertThat((String) forged.get("body")).contains("admin_permission_missing");
    Map<?, ?> noCsrf = forge(false);
    assertThat(noCsrf.get("status")).isEqualTo(403L);
    assertThat((String) noCsrf.get("body")).contains("invalid_csrf_token");
  }

  @Test
  void aHostileNameShowsAsText() throws Exception {
    signIn("admin");
    String hostile = "<img src=x onerror=alert(1)> " + System.nanoTime();
    browser.findElement(By.id("create-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-name")));
    browser.findElement(By.id("token-name")).sendKeys(hostile);
    browser.findElement(By.id("token-description")).sendKeys("<script>alert(2)</script>");
    browser.findElement(By.id("token-uses")).sendKeys("3");
    browser.findElement(By.id("token-rate-limits")).sendKeys("100/60s\n5000/1d");
    String token = createAndReadSecret("secret-token", null);
    WebElement row = row(hostile);
    assertThat(row.findElement(By.tagName("strong")).getText()).isEqualTo(hostile);
    assertThat(row.getText()).contains("<script>alert(2)</script>");
    assertThat(browser.findElements(By.cssSelector("#tokens img, #tokens script"))).isEmpty();
    assertThatThrownBy(() -> browser.switchTo().alert())
        .isInstanceOf(NoAlertPresentException.class);
    // Limited to three uses: the table counts them down as the token is used.
    assertThat(row.getText()).contains("3 uses left").contains("at most 100/1m, 5000/1d");
    assertThat(content("GET", token)).isEqualTo(200);
    browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
    wait.until(d -> row(hostile).getText().contains("2 uses left"));
  }

  @Test
  void withoutSigningInThePageSendsPeopleToTheLogin() {
    browser.manage().deleteAllCookies();
    browser.get(base + "/console");
    WebElement link =
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-link")));
    assertThat(link.getAttribute("href")).isEqualTo(base + "/login");
    assertThat(browser.findElement(By.id("console")).isDisplayed()).isFalse();
    // The deactivated user cannot sign in at all.
    login("deactivated");
    wait.until(ExpectedConditions.urlContains("error"));
    browser.get(base + "/console");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-link")));
  }

  @Test
  void readableOnANarrowScreen() throws Exception {
    try {
      browser.manage().window().setSize(new Dimension(360, 740));
      signIn("admin");
      wait.until(ExpectedConditions.textToBe(By.id("status"), "Page 1."));
      Object overflow =
          browser.executeScript(
              "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertThat((Long) overflow).isLessThanOrEqualTo(0L);
      assertThat(browser.findElement(By.id("create-button")).isDisplayed()).isTrue();
      Chromium.screenshot(browser, "console-narrow");
    } finally {
      browser.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void signIn(String user) {
    browser.manage().deleteAllCookies();
    login(user);
    wait.until(ExpectedConditions.urlToBe(base + "/console"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
    assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("Signed in as " + user);
  }

  private void login(String user) {
    browser.get(base + "/login");
    browser.findElement(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(user + "-demo");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
  }

  /** Submits the open form, reads one value from the shown-once dialog and closes it. */
  private String createAndReadSecret(String id, @Nullable String screenshot) throws IOException {
    browser.findElement(By.id("token-submit")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    if (screenshot != null) {
      Chromium.screenshot(browser, screenshot);
    }
    return readSecretAndClose(id);
  }

  private String readSecretAndClose(String id) {
    String value = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id(id))).getText();
    browser.findElement(By.id("secret-close")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("secret-dialog")));
    return value;
  }

  private void confirm() {
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok"))).click();
  }

  private List<WebElement> rows() {
    return browser.findElements(By.cssSelector("#tokens tbody tr"));
  }

  private WebElement row(String name) {
    return wait.until(
        d ->
            rows().stream()
                .filter(r -> r.findElement(By.tagName("strong")).getText().equals(name))
                .findFirst()
                .orElse(null));
  }

  private WebElement action(String name, String label) {
    return row(name).findElement(By.cssSelector("button[aria-label='" + label + " " + name + "']"));
  }

  @SuppressWarnings("unchecked")
  private List<String> unlabelledControls() {
    return (List<String>)
        browser.executeScript(
            "return [...document.querySelectorAll('#token-form input, #token-form select,"
                + " #token-form textarea')].filter(e => e.labels.length === 0"
                + " && !e.getAttribute('aria-label')).map(e => e.id || e.name);");
  }

  /** A create sent from the signed-in page's own script, with or without its CSRF token. */
  private Map<?, ?> forge(boolean withCsrf) {
    return (Map<?, ?>)
        ((JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch('/console/session').then(r => r.json()).then(s => {"
                    + "  const headers = {'Content-Type': 'application/json'};"
                    + "  if ("
                    + withCsrf
                    + ") headers[s.csrf.header] = s.csrf.token;"
                    + "  return fetch('/admin/tokens', {method: 'POST', headers,"
                    + "    body: JSON.stringify({name: 'forged'})});"
                    + "}).then(async r => done({status: r.status, body: await r.text()}))"
                    + ".catch(e => done({status: -1, body: String(e)}));");
  }

  /** The status of GET or PUT /content/docs with a bearer token. */
  private int content(String method, String token) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(base + "/content/docs"))
                .header("Authorization", "Bearer " + token)
                .method(
                    method,
                    method.equals("PUT")
                        ? HttpRequest.BodyPublishers.ofString("Documentation.")
                        : HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}

package dev.tokenkit.spring.boot;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * The {@code tokenkit.*} properties. Checked when the beans are built: a bad value stops startup
 * with a message naming the property (never echoing a secret). Mutable while Spring binds it, then
 * only read.
 */
@ConfigurationProperties("tokenkit")
public class TokenkitProperties {

  /**
   * Pepper versions and their values in base64, at least 32 bytes each (e.g. {@code
   * tokenkit.peppers.1}, or the environment variable {@code TOKENKIT_PEPPERS_1}). New tokens use
   * the highest version; older versions still verify. Keep them in the environment or a secret
   * store, never in the database. Required.
   */
  private Map<Integer, String> peppers = new TreeMap<>();

  /**
   * Master key versions and their AES-256 keys in base64, exactly 32 bytes each. Optional: enables
   * showing server-token secrets again, signed requests and long-term JWTs. The highest version
   * seals; older versions still open.
   */
  private Map<Integer, String> masterKeys = new TreeMap<>();

  /** Whether API-token secrets may be shown again (sealed with the master key; needs one). */
  private boolean viewAgain = false;

  /** How far the time of a signed request may be from the server's clock. */
  private Duration signatureWindow = Duration.ofSeconds(60);

  private final Policy policy = new Policy();
  private final Jwt jwt = new Jwt();
  private final Cache cache = new Cache();
  private final Usage usage = new Usage();
  private final Purge purge = new Purge();
  private final Jdbc jdbc = new Jdbc();
  private final Management management = new Management();
  private final Console console = new Console();
  private final LeakReportProperties leakReports = new LeakReportProperties();
  private final ExpiryNoticeProperties expiryNotices = new ExpiryNoticeProperties();
  private final RateLimitProperties rateLimits = new RateLimitProperties();

  public Map<Integer, String> getPeppers() {
    return peppers;
  }

  public void setPeppers(Map<Integer, String> peppers) {
    this.peppers = peppers;
  }

  public Map<Integer, String> getMasterKeys() {
    return masterKeys;
  }

  public void setMasterKeys(Map<Integer, String> masterKeys) {
    this.masterKeys = masterKeys;
  }

  public boolean isViewAgain() {
    return viewAgain;
  }

  public void setViewAgain(boolean viewAgain) {
    this.viewAgain = viewAgain;
  }

  public Duration getSignatureWindow() {
    return signatureWindow;
  }

  public void setSignatureWindow(Duration signatureWindow) {
    this.signatureWindow = signatureWindow;
  }

  public Policy getPolicy() {
    return policy;
  }

  public Jwt getJwt() {
    return jwt;
  }

  public Cache getCache() {
    return cache;
  }

  public Usage getUsage() {
    return usage;
  }

  public Purge getPurge() {
    return purge;
  }

  public Jdbc getJdbc() {
    return jdbc;
  }

  public Management getManagement() {
    return management;
  }

  public Console getConsole() {
    return console;
  }

  @NestedConfigurationProperty
  public LeakReportProperties getLeakReports() {
    return leakReports;
  }

  @NestedConfigurationProperty
  public ExpiryNoticeProperties getExpiryNotices() {
    return expiryNotices;
  }

  @NestedConfigurationProperty
  public RateLimitProperties getRateLimits() {
    return rateLimits;
  }

  /** {@code tokenkit.policy.*}: token lifetimes and owners. */
  public static class Policy {

    /** The longest lifetime a token may get; unset means no cap (then unlimited tokens too). */
    private @Nullable Duration maxLifetime;

    /** Whether tokens that never expire may be created (ignored when max-lifetime is set). */
    private boolean allowUnlimited = true;

    /** Whether tokens without an owner may be created (service tokens bounded by scope alone). */
    private boolean allowOwnerless = false;

    /** The longest grace period for an old secret after regeneration. */
    private Duration maxGracePeriod = Duration.ofDays(7);

    /** The lifetime of a token whose request names none: 7d, 30d, 90d or unlimited. */
    private String defaultLifetime = "30d";

    public @Nullable Duration getMaxLifetime() {
      return maxLifetime;
    }

    public void setMaxLifetime(@Nullable Duration maxLifetime) {
      this.maxLifetime = maxLifetime;
    }

    public boolean isAllowUnlimited() {
      return allowUnlimited;
    }

    public void setAllowUnlimited(boolean allowUnlimited) {
      this.allowUnlimited = allowUnlimited;
    }

    public boolean isAllowOwnerless() {
      return allowOwnerless;
    }

    public void setAllowOwnerless(boolean allowOwnerless) {
      this.allowOwnerless = allowOwnerless;
    }

    public Duration getMaxGracePeriod() {
      return maxGracePeriod;
    }

    public void setMaxGracePeriod(Duration maxGracePeriod) {
      this.maxGracePeriod = maxGracePeriod;
    }

    public String getDefaultLifetime() {
      return defaultLifetime;
    }

    public void setDefaultLifetime(String defaultLifetime) {
      this.defaultLifetime = defaultLifetime;
    }
  }

  /** {@code tokenkit.jwt.*}: long-term JWTs for server tokens (need a master key). */
  public static class Jwt {

    /** The {@code iss} claim of issued JWTs, required of presented ones. */
    private String issuer = "tokenkit";

    /** The {@code aud} claim of issued JWTs, required of presented ones; unset means none. */
    private @Nullable String audience;

    /** How long an issued JWT is valid. */
    private Duration lifetime = Duration.ofDays(3653);

    public String getIssuer() {
      return issuer;
    }

    public void setIssuer(String issuer) {
      this.issuer = issuer;
    }

    public @Nullable String getAudience() {
      return audience;
    }

    public void setAudience(@Nullable String audience) {
      this.audience = audience;
    }

    public Duration getLifetime() {
      return lifetime;
    }

    public void setLifetime(Duration lifetime) {
      this.lifetime = lifetime;
    }
  }

  /** {@code tokenkit.cache.*}: the cache in front of the JDBC store. */
  public static class Cache {

    /** Whether lookups by token id are cached in front of the JDBC store. */
    private boolean enabled = true;

    /**
     * How long a cached token may be served: the longest time a revoke on another node may take to
     * be seen here (the node that revokes sees it at once).
     */
    private Duration ttl = Duration.ofSeconds(10);

    /** The most tokens kept in the cache. */
    private long maximumSize = 100_000;

    /**
     * On PostgreSQL, whether the cache listens for the changes other nodes announce and reads the
     * changed tokens it holds again, one query per poll (a revocation anywhere then takes effect
     * here within a second).
     */
    private boolean listen = true;

    /** How often the listener looks for announced changes (10 ms to 10 s). */
    private Duration pollInterval = Duration.ofMillis(100);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    public long getMaximumSize() {
      return maximumSize;
    }

    public void setMaximumSize(long maximumSize) {
      this.maximumSize = maximumSize;
    }

    public boolean isListen() {
      return listen;
    }

    public void setListen(boolean listen) {
      this.listen = listen;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }
  }

  /** {@code tokenkit.usage.*}: writing {@code lastUsedAt}. */
  public static class Usage {

    /** How often noted uses are written to the store (at most one write per token per flush). */
    private Duration flushInterval = Duration.ofMinutes(1);

    public Duration getFlushInterval() {
      return flushInterval;
    }

    public void setFlushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
    }
  }

  /** {@code tokenkit.purge.*}: deleting expired tokens. */
  public static class Purge {

    /** Whether expired tokens are deleted from the store on a schedule. */
    private boolean enabled = true;

    /** How often expired tokens are deleted. */
    private Duration interval = Duration.ofHours(1);

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
  }

  /** {@code tokenkit.jdbc.*}: the JDBC store on the application's data source. */
  public static class Jdbc {

    /**
     * When to create or upgrade the token tables: embedded (only on an in-memory H2 database),
     * always, or never.
     */
    private String initializeSchema = "embedded";

    /** The prefix of the token tables' names. */
    private String tablePrefix = "tokenkit_";

    public String getInitializeSchema() {
      return initializeSchema;
    }

    public void setInitializeSchema(String initializeSchema) {
      this.initializeSchema = initializeSchema;
    }

    public String getTablePrefix() {
      return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }
  }

  /** {@code tokenkit.management.*}: the management REST API. */
  public static class Management {

    /**
     * Whether the management REST API is served (servlet web applications with Spring Security).
     */
    private boolean enabled = false;

    /** The path the API is served under: {@code /[a-z0-9._~-]+} segments, no trailing slash. */
    private String basePath = "/tokenkit/tokens";

    /**
     * The header that carries a token besides {@code Authorization: Bearer}; empty turns it off.
     */
    private String apiKeyHeader = "X-API-Key";

    /**
     * The realm the {@code WWW-Authenticate: Bearer} challenge of a refusal names; empty names
     * none.
     */
    private String realm = "";

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getBasePath() {
      return basePath;
    }

    public void setBasePath(String basePath) {
      this.basePath = basePath;
    }

    public String getApiKeyHeader() {
      return apiKeyHeader;
    }

    public void setApiKeyHeader(String apiKeyHeader) {
      this.apiKeyHeader = apiKeyHeader;
    }

    public String getRealm() {
      return realm;
    }

    public void setRealm(String realm) {
      this.realm = realm;
    }
  }

  /** {@code tokenkit.console.*}: the admin console, a web page on the management API. */
  public static class Console {

    /**
     * Whether the admin console is served (needs {@code tokenkit.management.enabled=true}): its
     * page, and the management API taking the host's signed-in sessions besides tokens.
     */
    private boolean enabled = false;

    /** The path of the console's page: {@code /[a-z0-9._~-]+} segments, no trailing slash. */
    private String path = "/tokenkit/console";

    /** Where the page sends a visitor who is not signed in: the host's login page. */
    private String loginPage = "/login";

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public String getLoginPage() {
      return loginPage;
    }

    public void setLoginPage(String loginPage) {
      this.loginPage = loginPage;
    }
  }
}

package dev.tokenkit.spring.boot;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code tokenkit.leak-reports.*}: the endpoint secret scanners report leaked tokens to. Mutable
 * while Spring binds it, then only read.
 */
public class LeakReportProperties {

  /** Whether the leaked-token endpoint is served (servlet web applications). */
  private boolean enabled = false;

  /** Its path: {@code /[a-z0-9._~-]+} segments, no trailing slash. */
  private String path = "/tokenkit/leaked-tokens";

  /**
   * The reporters' public keys by key identifier: ECDSA P-256 keys (a PEM {@code PUBLIC KEY} or its
   * base64 DER); a report must be signed by one of them.
   */
  private Map<String, String> publicKeys = new TreeMap<>();

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

  public Map<String, String> getPublicKeys() {
    return publicKeys;
  }

  public void setPublicKeys(Map<String, String> publicKeys) {
    this.publicKeys = publicKeys;
  }
}

package dev.tokenkit.spring.boot;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The public keys leaked-token reports must be signed with, by key identifier: ECDSA over P-256
 * with SHA-256, the signature DER-encoded and then base64 (as GitHub's secret scanning signs its
 * alerts). Immutable and thread-safe.
 */
final class LeakReportKeys {

  private final Map<String, PublicKey> keys;

  private LeakReportKeys(Map<String, PublicKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  /**
   * The keys configured under {@code tokenkit.leak-reports.public-keys.*}.
   *
   * @throws InvalidConfigurationPropertyValueException naming the property of a key that is not an
   *     EC P-256 public key, or naming the map when it is empty
   */
  static LeakReportKeys of(Map<String, String> configured) {
    if (configured.isEmpty()) {
      throw new InvalidConfigurationPropertyValueException(
          "tokenkit.leak-reports.public-keys",
          "(none)",
          "set tokenkit.leak-reports.public-keys.<key identifier> to each reporter's ECDSA P-256"
              + " public key: reports are accepted only when signed");
    }
    Map<String, PublicKey> keys = new TreeMap<>();
    configured.forEach(
        (id, text) -> {
          String property = "tokenkit.leak-reports.public-keys." + id;
          try {
            keys.put(id, parse(text));
          } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new InvalidConfigurationPropertyValueException(
                property,
                "(hidden)",
                "must be an ECDSA P-256 public key: a PEM PUBLIC KEY or its base64 DER");
          }
        });
    return new LeakReportKeys(keys);
  }

  private static PublicKey parse(@Nullable String text) throws GeneralSecurityException {
    if (text == null) {
      throw new IllegalArgumentException("no key");
    }
    String base64 =
        text.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    PublicKey key =
        KeyFactory.getInstance("EC")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    if (!(key instanceof ECPublicKey ec)
        || ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new IllegalArgumentException("not P-256");
    }
    return key;
  }

  /**
   * Whether {@code signature} (base64 of a DER ECDSA signature) by the key named {@code keyId}
   * signs {@code body}; false for an unknown key or anything malformed.
   */
  boolean verify(@Nullable String keyId, @Nullable String signature, byte[] body) {
    PublicKey key = keyId == null ? null : keys.get(keyId);
    if (key == null || signature == null || signature.length() > 1_024) {
      return false;
    }
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(key);
      verifier.update(body);
      return verifier.verify(Base64.getDecoder().decode(signature.trim()));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false; // bad base64 or a DER that is not a signature
    }
  }

  /** Whether a key by this identifier is configured. */
  boolean knows(@Nullable String keyId) {
    return keyId != null && keys.containsKey(keyId);
  }
}

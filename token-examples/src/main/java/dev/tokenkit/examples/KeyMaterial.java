package dev.tokenkit.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The server's two secrets: the pepper (hashes token secrets) and the master key (seals server
 * secrets, derives nothing else). Taken from {@code TOKENKIT_PEPPER} and {@code
 * TOKENKIT_MASTER_KEY} (base64, at least 32 bytes) when both are set, else from a key file that the
 * first start creates readable by its owner only. They never live in the token database.
 */
final class KeyMaterial {

  static final String PEPPER_ENV = "TOKENKIT_PEPPER";
  static final String MASTER_KEY_ENV = "TOKENKIT_MASTER_KEY";
  private static final int KEY_BYTES = 32;

  private final byte[] pepper;
  private final byte[] masterKey;

  private KeyMaterial(byte[] pepper, byte[] masterKey) {
    this.pepper = pepper;
    this.masterKey = masterKey;
  }

  byte[] pepper() {
    return pepper.clone();
  }

  byte[] masterKey() {
    return masterKey.clone();
  }

  /**
   * The environment's keys if set, else the key file's, creating the file if it is missing.
   *
   * @throws IllegalArgumentException if a key is not valid base64 or shorter than 32 bytes
   */
  static KeyMaterial load(Map<String, String> env, Path keyFile, SecureRandom random)
      throws IOException {
    String pepper = env.get(PEPPER_ENV);
    String master = env.get(MASTER_KEY_ENV);
    if (pepper != null || master != null) {
      return new KeyMaterial(decode(PEPPER_ENV, pepper), decode(MASTER_KEY_ENV, master));
    }
    if (!Files.exists(keyFile)) {
      create(keyFile, random);
    }
    Properties keys = new Properties();
    try (InputStream in = Files.newInputStream(keyFile)) {
      keys.load(in);
    }
    return new KeyMaterial(
        decode(keyFile + ": pepper", keys.getProperty("pepper")),
        decode(keyFile + ": masterKey", keys.getProperty("masterKey")));
  }

  private static void create(Path keyFile, SecureRandom random) throws IOException {
    Files.createDirectories(keyFile.toAbsolutePath().getParent());
    Properties keys = new Properties();
    keys.setProperty("pepper", Base64.getEncoder().encodeToString(randomKey(random)));
    keys.setProperty("masterKey", Base64.getEncoder().encodeToString(randomKey(random)));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      // Created owner-only from the start: no window in which others could read it.
      Files.createFile(
          keyFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    try (OutputStream out =
        Files.newOutputStream(keyFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      keys.store(out, "tokenkit demo keys: keep this file private and out of backups of the data");
    }
  }

  private static byte[] randomKey(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return key;
  }

  private static byte[] decode(String name, @Nullable String base64) {
    if (base64 == null || base64.isBlank()) {
      throw new IllegalArgumentException(
          name + " is missing (set both " + PEPPER_ENV + " and " + MASTER_KEY_ENV + ")");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not valid base64", e);
    }
    if (key.length < KEY_BYTES) {
      throw new IllegalArgumentException(name + " must hold at least 32 bytes");
    }
    return key;
  }
}

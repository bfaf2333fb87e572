package dev.tokenkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyMaterialTest {

  private static final String KEY32 = Base64.getEncoder().encodeToString(new byte[32]);

  @TempDir Path dir;

  @Test
  void firstLoadCreatesTheFileAndLaterLoadsReadIt() throws Exception {
    Path file = dir.resolve("nested").resolve("keys.properties");
    KeyMaterial first = KeyMaterial.load(Map.of(), file, new SecureRandom());
    KeyMaterial second = KeyMaterial.load(Map.of(), file, new SecureRandom());
    assertThat(second.pepper()).isEqualTo(first.pepper()).hasSize(32);
    assertThat(second.masterKey()).isEqualTo(first.masterKey()).isNotEqualTo(first.pepper());
  }

  @Test
  void environmentWinsAndWritesNoFile() throws Exception {
    Path file = dir.resolve("keys.properties");
    KeyMaterial keys =
        KeyMaterial.load(
            Map.of(KeyMaterial.PEPPER_ENV, KEY32, KeyMaterial.MASTER_KEY_ENV, KEY32),
            file,
            new SecureRandom());
    assertThat(keys.pepper()).hasSize(32);
    assertThat(Files.exists(file)).isFalse();
  }

  @Test
  void badKeysAreRefusedWithTheirName() throws Exception {
    Path file = dir.resolve("keys.properties");
    String[][] envs = {
      {KeyMaterial.PEPPER_ENV, KEY32},
      {KeyMaterial.PEPPER_ENV, KEY32, KeyMaterial.MASTER_KEY_ENV, ""},
      {KeyMaterial.PEPPER_ENV, "not base64!", KeyMaterial.MASTER_KEY_ENV, KEY32},
      {KeyMaterial.PEPPER_ENV, "c2hvcnQ=", KeyMaterial.MASTER_KEY_ENV, KEY32},
      {KeyMaterial.PEPPER_ENV, "ü€", KeyMaterial.MASTER_KEY_ENV, KEY32},
    };
    for (String[] pairs : envs) {
      Map<String, String> env = new HashMap<>();
      for (int i = 0; i < pairs.length; i += 2) {
        env.put(pairs[i], pairs[i + 1]);
      }
      assertThatThrownBy(() -> KeyMaterial.load(env, file, new SecureRandom()))
          .as(env.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("TOKENKIT_");
    }
    Files.writeString(file, "pepper=" + KEY32 + "\n");
    assertThatThrownBy(() -> KeyMaterial.load(Map.of(), file, new SecureRandom()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("masterKey");
  }
}

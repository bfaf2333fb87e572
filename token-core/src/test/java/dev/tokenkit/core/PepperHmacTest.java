package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PepperHmacTest {

  @Test
  void precomputedStatesAreUsedOnThisJdk() {
    assertThat(PepperHmac.of(Fixtures.PEPPER_1, true).isPrecomputed()).isTrue();
    assertThat(PepperHmac.of(Fixtures.PEPPER_1, false).isPrecomputed()).isFalse();
  }

  /** Keys around the 64-byte block (longer keys are hashed first), messages across block ends. */
  @Test
  void bothWaysAgreeWithTheJdkMac() {
    qt().withExamples(2000)
        .forAll(longs().all(), integers().between(1, 200), integers().between(0, 300))
        .checkAssert(
            (seed, keyLength, messageLength) -> {
              Random random = new Random(seed);
              byte[] key = new byte[keyLength];
              random.nextBytes(key);
              int offset = random.nextInt(8);
              byte[] in = new byte[offset + messageLength + random.nextInt(8)];
              random.nextBytes(in);
              byte[] expected = jdkMac(key, Arrays.copyOfRange(in, offset, offset + messageLength));
              for (boolean precompute : new boolean[] {true, false}) {
                PepperHmac hmac = PepperHmac.of(key, precompute);
                byte[] out = new byte[PepperHmac.HASH_BYTES];
                hmac.hmac(in, offset, messageLength, out);
                assertThat(out).isEqualTo(expected);
                Arrays.fill(out, (byte) 0);
                hmac.hmac(in, offset, messageLength, out); // reuse starts from the same states
                assertThat(out).isEqualTo(expected);
              }
            });
  }

  @Test
  void callerKeyIsLeftAsGiven() {
    byte[] key = Fixtures.PEPPER_1.clone();
    PepperHmac.of(key, true);
    assertThat(key).isEqualTo(Fixtures.PEPPER_1);
  }

  private static byte[] jdkMac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }
}

package dev.tokenkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.TokenRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs every operation, including failing ones, and checks that no secret, hash or full token
 * string reaches a log line, an audit event, an exception message or a toString().
 */
class NoSecretLeakTest {

  @Test
  void secretsNeverAppearInLogsEventsExceptionsOrToString() {
    Fixtures f = new Fixtures();
    TokenService service =
        f.builder()
            .auditListener(
                e -> {
                  throw new IllegalStateException("listener failure for " + e);
                })
            .build();
    List<String> texts = new ArrayList<>();
    List<String> secrets = new ArrayList<>();

    PrintStream originalErr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      IssuedToken t =
          service.create(f.admin, CreateTokenRequest.named("leak check").ownerId("alice").build());
      secrets.add(t.token());
      IssuedToken fresh = service.regenerate(f.admin, t.id(), Duration.ofMinutes(5));
      secrets.add(fresh.token());
      texts.add(t.toString());
      texts.add(fresh.toString());
      texts.add(t.record().toString());
      texts.add(fresh.record().toString());
      texts.add(service.authenticate(fresh.token(), null).toString());
      texts.add(service.authenticate(t.token(), null).toString());
      texts.add(TokenFormat.defaults().parse(fresh.token()).toString());
      texts.add(service.toString());
      f.store.failing = true;
      texts.add(service.authenticate(fresh.token(), null).toString());
      try {
        service.regenerate(f.admin, t.id(), Duration.ZERO);
      } catch (RuntimeException e) {
        texts.add(e.toString());
      }
      try {
        service.usage().flush();
      } catch (RuntimeException e) {
        texts.add(e.toString());
      }
      f.store.failing = false;
      f.directoryFailure = new IllegalStateException("directory down");
      texts.add(service.authenticate(fresh.token(), null).toString());
      f.directoryFailure = null;
      service.revoke(f.admin, t.id());
      service.authenticate(fresh.token(), null);
      service.delete(f.admin, t.id());
      for (TokenRecord r : List.of(t.record(), fresh.record())) {
        for (HashedSecret h : List.of(r.secret().orElseThrow())) {
          secrets.add(HexFormat.of().formatHex(h.hash().toByteArray()));
          texts.add(h.toString());
          texts.add(h.hash().toString());
        }
      }
    } finally {
      System.setErr(originalErr);
    }
    texts.add(captured.toString(StandardCharsets.UTF_8));
    synchronized (f.events) {
      f.events.forEach(e -> texts.add(e.toString()));
    }
    assertThat(f.events).isNotEmpty();
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("WARN");

    for (String secret : secrets) {
      String secretPart = secret.startsWith("tk_") ? secret.substring(15, 47) : secret;
      for (String text : texts) {
        assertThat(text).doesNotContain(secretPart);
      }
    }
  }
}

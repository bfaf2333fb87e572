package dev.tokenkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and malformed clients over a raw socket: every answer is a 4xx in JSON or a closed
 * connection, never a hang, never a Java class or stack trace, and slow clients never stop a normal
 * request from being answered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class RobustnessTest {

  private ReferenceServer server;

  @BeforeAll
  void start(@TempDir Path dataDir) throws IOException {
    ReferenceServer.Settings settings = new ReferenceServer.Settings();
    settings.port = 0;
    settings.dataDir = dataDir;
    settings.clientTimeout = java.time.Duration.ofSeconds(2);
    server = ReferenceServer.start(settings);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private Socket open() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Sends {@code request} and reads until the server closes or goes quiet for a second. */
  private String exchange(byte[] request) throws IOException {
    try (Socket socket = open()) {
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      socket.setSoTimeout(1_000);
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        // kept alive after a complete answer: what arrived is the answer
      } catch (IOException e) {
        // reset by the server: fine, as long as nothing else was said
      }
      return answer.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A 4xx JSON answer in our words, or nothing at all (the connection closed). */
  private static void cleanRefusal(String answer, String what) {
    assertThat(answer)
        .as(what)
        .doesNotContain("Exception")
        .doesNotContain("java.")
        .doesNotContainIgnoringCase("tomcat")
        .doesNotContain("<html")
        .doesNotContain("\tat ");
    if (!answer.isEmpty()) {
      // 4xx, or 505 for an HTTP version the server does not speak (the status RFC 9110 gives).
      assertThat(answer).as(what).matches("(?s)HTTP/1\\.1 (4\\d\\d|505) .*");
      assertThat(answer).as(what).contains("\"error\":");
    }
  }

  @Test
  void malformedRequestsAreRefusedCleanly() throws IOException {
    String host = "Host: 127.0.0.1\r\n";
    List<String> requests = new ArrayList<>();
    requests.add("GARBAGE\r\n\r\n");
    requests.add("GET\r\n\r\n");
    requests.add("GET /content/docs HTTP/9.9\r\n" + host + "\r\n");
    requests.add("GET /content/docs HTTP/1.1\r\n" + host + "NoColonHere\r\n\r\n");
    requests.add("GET /content/%zz HTTP/1.1\r\n" + host + "\r\n");
    requests.add("GET /content/%4 HTTP/1.1\r\n" + host + "\r\n");
    requests.add("GET /content/do\\cs HTTP/1.1\r\n" + host + "\r\n");
    requests.add("GET /content/d\u00f6cs HTTP/1.1\r\n" + host + "\r\n");
    requests.add("GET /content/docs?q=\u00e4 HTTP/1.1\r\n" + host + "\r\n");
    requests.add(
        "PUT /content/docs HTTP/1.1\r\n"
            + host
            + "Transfer-Encoding: chunked\r\n\r\nZZZ\r\nhello\r\n0\r\n\r\n");
    requests.add(
        "PUT /content/docs HTTP/1.1\r\n"
            + host
            + "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n");
    requests.add(
        "PUT /content/docs HTTP/1.1\r\n"
            + host
            + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
    requests.add(
        "PUT /content/docs HTTP/1.1\r\n"
            + host
            + "Content-Length: 5\r\nContent-Length: 7\r\n\r\nhello");
    requests.add("PUT /content/docs HTTP/1.1\r\n" + host + "Content-Length: -3\r\n\r\nhello");
    requests.add(
        "PUT /content/docs HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999\r\n\r\n");
    requests.add(
        "GET /content/docs HTTP/1.1\r\n" + host + "X: " + "a".repeat(100_000) + "\r\n\r\n");
    for (String request : requests) {
      String what = request.length() > 60 ? request.substring(0, 60) + "..." : request;
      cleanRefusal(exchange(ascii(request)), what);
    }
  }

  @Test
  void aMalformedQueryTheServerLetsByIsRefusedByTheApplication() throws IOException {
    // Tomcat leaves the query undecoded, so this one reaches the application's own check.
    String answer =
        exchange(ascii("GET /content/docs?q=%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    assertThat(answer)
        .startsWith("HTTP/1.1 400")
        .contains("\"error\":\"invalid_request\"")
        .contains("the request path or query is malformed");
    cleanRefusal(answer, "?q=%zz");
  }

  @Test
  void unknownPathsWrongMethodsAndBigBodiesAreJson() throws IOException {
    String unknown =
        exchange(ascii("GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    assertThat(unknown).startsWith("HTTP/1.1 404").contains("\"error\":\"not_found\"");
    String wrong =
        exchange(ascii("DELETE /content/docs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    assertThat(wrong).startsWith("HTTP/1.1 405").contains("\"error\":\"method_not_allowed\"");
    String big =
        exchange(
            ascii(
                "PUT /content/docs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n"
                    + "Content-Length: 70000\r\n\r\n"
                    + "a".repeat(70_000)));
    assertThat(big).startsWith("HTTP/1.1 413").contains("\"error\":\"too_large\"");
  }

  @Test
  void slowClientsNeverStopANormalRequest() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Socket socket = open();
        OutputStream out = socket.getOutputStream();
        if (i % 2 == 0) {
          // A body shorter than its Content-Length.
          out.write(
              ascii(
                  "PUT /content/docs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n"
                      + "Content-Length: 1000\r\n\r\nshort"));
        } else {
          // Headers dribbled: a request line and half a header, then nothing.
          out.write(ascii("GET /content/docs HTTP/1.1\r\nHo"));
        }
        out.flush();
        slow.add(socket);
      }
      long started = System.nanoTime();
      String answer =
          exchange(ascii("GET /content/docs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(answer).startsWith("HTTP/1.1 401").contains("missing_token");
      assertThat(millis).as("a normal request beside 20 slow clients").isLessThan(1_000);
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  void aSlowClientIsCutOff() throws IOException {
    for (String partial :
        List.of(
            "PUT /content/docs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n"
                + "Content-Length: 1000\r\n\r\nshort",
            "GET /content/docs HTTP/1.1\r\nHo")) {
      try (Socket socket = open()) {
        socket.getOutputStream().write(ascii(partial));
        socket.getOutputStream().flush();
        long started = System.nanoTime();
        // The server answers (408 or 400) and closes, or just closes: read to the end.
        String answer =
            new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        long seconds = (System.nanoTime() - started) / 1_000_000_000;
        assertThat(seconds).as(partial).isLessThan(8); // timeout 2 s; the socket's own is 10 s
        cleanRefusal(answer, partial);
        if (partial.startsWith("PUT")) {
          assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"timeout\"");
        } else {
          assertThat(answer).as("unfinished headers: closed without an answer").isEmpty();
        }
      }
    }
  }
}

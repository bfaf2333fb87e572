package dev.tokenkit.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded HTTP/1.1 load generator for the reference server, on plain sockets: each connection
 * sends one request, reads the whole answer (Content-Length or chunked) and sends the next, on a
 * kept-alive connection, like {@code wrk} does. It costs a few microseconds per request, so on a
 * small machine most of the CPU is left to the server.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.tokenkit.benchmarks.HttpLoad HOST PORT ADMIN_TOKEN
 * [seconds] [connections]}. With the admin token it creates a read-only API token, then measures
 * three requests for {@code seconds} each (after a warm-up of all three, twice a third of that
 * each): {@code GET /content/docs} with that token, with a garbage token, and with none. It prints
 * requests per second, the median and the 99th percentile latency, and the answers' statuses.
 */
public final class HttpLoad {

  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

  private final String host;
  private final int port;

  HttpLoad(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** What one measurement saw. */
  record Result(
      double perSecond, double p50Millis, double p99Millis, Map<Integer, Integer> statuses) {}

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String admin = args[2];
    double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;
    int connections = args.length > 4 ? Integer.parseInt(args[4]) : 16;
    HttpLoad load = new HttpLoad(host, port);
    String reader = load.createReadToken(admin);
    Map<String, String> requests = new java.util.LinkedHashMap<>();
    requests.put("authenticated GET /content/docs", "Authorization: Bearer " + reader);
    requests.put("garbage token", "Authorization: Bearer tk_garbage" + "x".repeat(40));
    requests.put("no token", "");
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d connections, %.0f s each%n%n| request | requests/s | p50 | p99 | statuses |%n"
                + "|---|---|---|---|---|%n",
            connections,
            seconds));
    // Warm-up: every request in turn, twice, so that the JIT has seen all three paths before any
    // is measured (measured one after the other, the first would pay for the server's warm-up).
    for (int round = 0; round < 2; round++) {
      for (String header : requests.values()) {
        load.run("/content/docs", header, seconds / 3, connections);
      }
    }
    for (Map.Entry<String, String> request : requests.entrySet()) {
      Result r = load.run("/content/docs", request.getValue(), seconds, connections);
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %.2f ms | %.2f ms | %s |%n",
              request.getKey(),
              r.perSecond(),
              r.p50Millis(),
              r.p99Millis(),
              r.statuses()));
    }
    System.out.print(out);
  }

  /** A read-only API token made through the admin API. */
  String createReadToken(String admin) throws IOException, InterruptedException {
    HttpResponse<String> created =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/admin/tokens"))
                    .header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"load "
                                + System.nanoTime()
                                + "\",\"access\":\"read-only\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher token = TOKEN.matcher(created.body());
    if (created.statusCode() != 201 || !token.find()) {
      throw new IllegalStateException(
          "could not create a token: " + created.statusCode() + " " + created.body());
    }
    return token.group(1);
  }

  /** Sends {@code GET path} on {@code connections} connections for {@code seconds}. */
  Result run(String path, String header, double seconds, int connections)
      throws InterruptedException {
    byte[] request =
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + ":"
                + port
                + "\r\n"
                + (header.isEmpty() ? "" : header + "\r\n")
                + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Worker> workers = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Worker worker = new Worker(request, end);
      workers.add(worker);
      worker.start();
    }
    long started = System.nanoTime();
    int total = 0;
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (Worker worker : workers) {
      worker.join();
      total += worker.count;
      worker.statuses.forEach((status, n) -> statuses.merge(status, n, Integer::sum));
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    long[] all = new long[total];
    int at = 0;
    for (Worker worker : workers) {
      System.arraycopy(worker.latencies, 0, all, at, worker.count);
      at += worker.count;
    }
    Arrays.sort(all);
    return new Result(
        total / elapsed,
        total == 0 ? Double.NaN : all[total / 2] / 1e6,
        total == 0 ? Double.NaN : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6,
        statuses);
  }

  /** One kept-alive connection sending requests one after the other until the deadline. */
  private final class Worker extends Thread {
    final byte[] request;
    final long end;
    long[] latencies = new long[1 << 16];
    int count;
    final Map<Integer, Integer> statuses = new TreeMap<>();

    Worker(byte[] request, long end) {
      this.request = request;
      this.end = end;
      setDaemon(true);
    }

    @Override
    public void run() {
      Socket socket = null;
      InputStream in = null;
      try {
        while (System.nanoTime() < end) {
          if (socket == null || in == null) {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
          }
          long start = System.nanoTime();
          OutputStream out = socket.getOutputStream();
          out.write(request);
          out.flush();
          Answer answer = Answer.read(in);
          long took = System.nanoTime() - start;
          if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
          }
          latencies[count++] = took;
          statuses.merge(answer.status, 1, Integer::sum);
          if (answer.close) {
            socket.close();
            socket = null;
          }
        }
      } catch (IOException e) {
        statuses.merge(-1, 1, Integer::sum); // a connection failed: counted, not hidden
      } finally {
        if (socket != null) {
          try {
            socket.close();
          } catch (IOException ignored) {
            // closing after the run
          }
        }
      }
    }
  }

  /** The status of an HTTP/1.1 answer read whole from the stream, and whether it closes. */
  record Answer(int status, boolean close) {

    static Answer read(InputStream in) throws IOException {
      String statusLine = line(in);
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean close = false;
      for (String line = line(in); !line.isEmpty(); line = line(in)) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        } else if (lower.startsWith("connection:") && lower.contains("close")) {
          close = true;
        }
      }
      if (chunked) {
        for (long size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
          skip(in, size);
          line(in);
        }
        line(in); // the empty line after the last chunk (no trailers)
      } else if (length > 0) {
        skip(in, length);
      } else if (length < 0) {
        close = true; // read to the end: the server closes
      }
      return new Answer(status, close);
    }

    private static long chunkSize(String line) {
      int extension = line.indexOf(';');
      return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).trim(), 16);
    }

    private static void skip(InputStream in, long n) throws IOException {
      for (long left = n; left > 0; ) {
        long skipped = in.skip(left);
        if (skipped <= 0) {
          if (in.read() < 0) {
            throw new IOException("answer ended early");
          }
          skipped = 1;
        }
        left -= skipped;
      }
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("answer ended early");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }
  }
}

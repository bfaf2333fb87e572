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
import java.util.LinkedHashMap;
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
 * three requests, {@code seconds} each: {@code GET /content/docs} with that token, with a garbage
 * token, and with none. Warm-up first: {@value #WARM_UP_ROUNDS} rounds of all three, half of {@code
 * seconds} each, so that the server's JIT has compiled every path (after a shorter warm-up the path
 * measured first paid for the compiler: a profile showed its threads at 28 % of the server's CPU).
 * Then {@value #ROUNDS} measured rounds of all three in turn, a third of {@code seconds} each, so
 * that drift of the machine falls on every path alike. It prints per request the requests per
 * second over all rounds (and per round), the median and the 99th percentile latency, and the
 * answers' statuses.
 */
public final class HttpLoad {

  static final int WARM_UP_ROUNDS = 3;
  static final int ROUNDS = 3;
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

  private final String host;
  private final int port;

  HttpLoad(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** What one or more rounds of one request saw. */
  record Result(
      double perSecond, double p50Millis, double p99Millis, Map<Integer, Integer> statuses) {}

  /** One round: how many answers in how long, their latencies (ns) and statuses. */
  @SuppressWarnings("ArrayRecordComponent") // handed over once, never compared or shared
  record Round(int count, long elapsedNanos, long[] latencies, Map<Integer, Integer> statuses) {

    double perSecond() {
      return count / (elapsedNanos / 1e9);
    }
  }

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String admin = args[2];
    double seconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;
    int connections = args.length > 4 ? Integer.parseInt(args[4]) : 16;
    HttpLoad load = new HttpLoad(host, port);
    String reader = load.createReadToken(admin);
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("authenticated GET /content/docs", "Authorization: Bearer " + reader);
    requests.put("garbage token", "Authorization: Bearer tk_garbage" + "x".repeat(40));
    requests.put("no token", "");
    for (int round = 0; round < WARM_UP_ROUNDS; round++) {
      for (String header : requests.values()) {
        load.measure("/content/docs", header, seconds / 2, connections);
      }
    }
    Map<String, List<Round>> rounds = new LinkedHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (Map.Entry<String, String> request : requests.entrySet()) {
        rounds
            .computeIfAbsent(request.getKey(), k -> new ArrayList<>())
            .add(load.measure("/content/docs", request.getValue(), seconds / ROUNDS, connections));
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d connections, %.0f s each in %d rounds%n%n"
                + "| request | requests/s | per round | p50 | p99 | statuses |%n"
                + "|---|---|---|---|---|---|%n",
            connections,
            seconds,
            ROUNDS));
    for (Map.Entry<String, List<Round>> request : rounds.entrySet()) {
      Result r = summarize(request.getValue());
      StringBuilder perRound = new StringBuilder();
      for (Round round : request.getValue()) {
        perRound.append(perRound.length() == 0 ? "" : " / ");
        perRound.append(String.format(Locale.ROOT, "%.0f", round.perSecond()));
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %.0f | %s | %.2f ms | %.2f ms | %s |%n",
              request.getKey(),
              r.perSecond(),
              perRound,
              r.p50Millis(),
              r.p99Millis(),
              r.statuses()));
    }
    System.out.print(out);
  }

  /** The rounds of one request together: all answers over all the time, all latencies. */
  static Result summarize(List<Round> rounds) {
    int total = 0;
    long elapsed = 0;
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (Round round : rounds) {
      total += round.count();
      elapsed += round.elapsedNanos();
      round.statuses().forEach((status, n) -> statuses.merge(status, n, Integer::sum));
    }
    long[] all = new long[total];
    int at = 0;
    for (Round round : rounds) {
      System.arraycopy(round.latencies(), 0, all, at, round.count());
      at += round.count();
    }
    Arrays.sort(all);
    return new Result(
        total / (elapsed / 1e9),
        total == 0 ? Double.NaN : all[total / 2] / 1e6,
        total == 0 ? Double.NaN : all[Math.min(total - 1, (int) (total * 0.99))] / 1e6,
        statuses);
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

  /** Sends {@code GET path} on {@code connections} connections for {@code seconds}: one round. */
  Result run(String path, String header, double seconds, int connections)
      throws InterruptedException {
    return summarize(List.of(measure(path, header, seconds, connections)));
  }

  /** One round of {@code GET path} on {@code connections} connections for {@code seconds}. */
  Round measure(String path, String header, double seconds, int connections)
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
    long elapsed = System.nanoTime() - started;
    long[] all = new long[total];
    int at = 0;
    for (Worker worker : workers) {
      System.arraycopy(worker.latencies, 0, all, at, worker.count);
      at += worker.count;
    }
    return new Round(total, elapsed, all, statuses);
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

package dev.tokenkit.benchmarks;

import com.nimbusds.jose.util.JSONArrayUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads JMH JSON results and prints the DESIGN §8 ratios as a markdown table. Usage: {@code
 * RatioReport main-1.json[,main-2.json...] concurrency-1.json concurrency-2.json bcrypt.json
 * [bytesPerToken [hot-1.json[,hot-2.json...] [jwt-alloc.json]]]}, where the hot runs are {@code
 * AuthenticateBenchmark.(authenticateValid|rawHmacSha256) -p tokens=1} and the allocation run is
 * the JWT verify benchmarks with {@code -prof gc}. Given several runs, each benchmark counts with
 * its best (lowest) average time: on a shared machine, noise only ever adds time. The main runs may
 * include {@code FilterChainBenchmark} runs (the run script adds them to the list).
 */
public final class RatioReport {

  private RatioReport() {}

  public static void main(String[] args) throws IOException, ParseException {
    Map<String, Double> score = bestOf(args[0]);
    Map<String, Double> hot = args.length > 5 ? bestOf(args[5]) : Map.of();
    double oneThread =
        scores(Path.of(args[1])).getOrDefault("ConcurrencyBenchmark.authenticateValid", Double.NaN);
    double twoThreads =
        scores(Path.of(args[2])).getOrDefault("ConcurrencyBenchmark.authenticateValid", Double.NaN);
    double bcrypt =
        scores(Path.of(args[3])).getOrDefault("BcryptBaseline.bcryptCost10", Double.NaN);
    double bytesPerToken = args.length > 4 ? Double.parseDouble(args[4]) : Double.NaN;

    double hmac = value(score, "AuthenticateBenchmark.rawHmacSha256");
    double valid = value(score, "AuthenticateBenchmark.authenticateValid");
    StringBuilder out = new StringBuilder();
    out.append("| measure | value | target | met |\n|---|---|---|---|\n");
    row(out, "authenticateValid / rawHmacSha256", valid / hmac, "<= 2.0", valid / hmac <= 2.0);
    double hotValid = value(hot, "AuthenticateBenchmark.authenticateValid");
    double hotHmac = value(hot, "AuthenticateBenchmark.rawHmacSha256");
    row(
        out,
        "authenticateValid / rawHmacSha256, one hot token (-p tokens=1)",
        hotValid / hotHmac,
        "(report)",
        true);
    double lookup = value(score, "AuthenticateBenchmark.storeLookupDependent");
    row(out, "storeLookupDependent / rawHmacSha256", lookup / hmac, "(report)", true);
    // What a spread authentication costs if it is the hot path plus one lookup's memory latency.
    row(
        out,
        "hot-token ratio + storeLookupDependent / rawHmacSha256",
        hotValid / hotHmac + lookup / hmac,
        "(report)",
        true);
    double garbage = value(score, "AuthenticateBenchmark.authenticateGarbage");
    row(
        out,
        "authenticateGarbage / authenticateValid",
        garbage / valid,
        "<= 0.2",
        garbage / valid <= 0.2);
    double unknown = value(score, "AuthenticateBenchmark.authenticateUnknown");
    row(out, "authenticateUnknown / authenticateValid", unknown / valid, "(report)", true);
    double authorize = value(score, "AuthenticateBenchmark.authorizeCustom50");
    row(
        out,
        "authorizeCustom50 / authenticateValid",
        authorize / valid,
        "<= 0.5",
        authorize / valid <= 0.5);
    double strapi = value(score, "AuthenticateBenchmark.strapiStyleBaseline");
    row(out, "strapiStyleBaseline / authenticateValid", strapi / valid, "(report)", true);
    double verify = value(score, "JwtBenchmark.verify");
    double nimbus = value(score, "JwtBenchmark.nimbusVerifyHs512");
    double auth0 = value(score, "JwtBenchmark.auth0VerifyHs512");
    row(out, "verify / nimbusVerifyHs512", verify / nimbus, "<= 1.0", verify / nimbus <= 1.0);
    row(out, "verify / auth0VerifyHs512", verify / auth0, "goal < 1.0", verify / auth0 < 1.0);
    double serverJwt = value(score, "JwtBenchmark.verifyServerToken");
    row(out, "verifyServerToken / nimbusVerifyHs512", serverJwt / nimbus, "(report)", true);
    double worst = value(score, "JwtBenchmark.verifyWorstCase");
    row(out, "verifyWorstCase / verify", worst / verify, "<= 3.0", worst / verify <= 3.0);
    double serverWorst = value(score, "JwtBenchmark.verifyServerTokenWorstCase");
    row(
        out,
        "verifyServerTokenWorstCase / verifyServerToken",
        serverWorst / serverJwt,
        "<= 3.0",
        serverWorst / serverJwt <= 3.0);
    Map<String, Double> bytes = args.length > 6 ? allocations(Path.of(args[6])) : Map.of();
    double worstBytes =
        value(bytes, "JwtBenchmark.verifyWorstCase") / value(bytes, "JwtBenchmark.verify");
    row(out, "bytes allocated: verifyWorstCase / verify", worstBytes, "<= 10", worstBytes <= 10);
    double serverWorstBytes =
        value(bytes, "JwtBenchmark.verifyServerTokenWorstCase")
            / value(bytes, "JwtBenchmark.verifyServerToken");
    row(
        out,
        "bytes allocated: verifyServerTokenWorstCase / verifyServerToken",
        serverWorstBytes,
        "<= 10",
        serverWorstBytes <= 10);
    double signed = value(score, "AuthenticateBenchmark.verifySignedRequest");
    row(out, "verifySignedRequest / authenticateValid", signed / valid, "(report)", true);
    double issue = value(score, "JwtBenchmark.issue");
    double sign = value(score, "JwtBenchmark.nimbusSignHs512");
    row(out, "issue / nimbusSignHs512", issue / sign, "<= 1.1", issue / sign <= 1.1);
    double open = value(score, "FilterChainBenchmark.permitAll");
    double chainToken = value(score, "FilterChainBenchmark.tokenkitApiToken");
    double chainJwt = value(score, "FilterChainBenchmark.tokenkitServerJwt");
    double springJwt = value(score, "FilterChainBenchmark.springResourceServerJwt");
    row(
        out,
        "request, starter chain with an API token / permitAll",
        chainToken / open,
        "<= 1.3",
        chainToken / open <= 1.3);
    row(
        out,
        "request, starter chain with a server token's JWT / permitAll",
        chainJwt / open,
        "(report)",
        true);
    row(
        out,
        "request, Spring oauth2ResourceServer HS512 JWT / starter chain with an API token",
        springJwt / chainToken,
        "> 1.0",
        springJwt / chainToken > 1.0);
    row(
        out,
        "request, Spring oauth2ResourceServer HS512 JWT / starter chain with a server token's JWT",
        springJwt / chainJwt,
        "> 1.0",
        springJwt / chainJwt > 1.0);
    row(
        out,
        "2-thread / 1-thread throughput",
        twoThreads / oneThread,
        ">= 1.7",
        twoThreads / oneThread >= 1.7);
    row(out, "retained bytes per stored token", bytesPerToken, "<= 600", bytesPerToken <= 600);
    double hit = value(score, "JdbcBenchmark.authenticateValidCacheHit");
    double miss = value(score, "JdbcBenchmark.authenticateValidNoCache");
    row(out, "H2 no cache / cache hit", miss / hit, "(report)", true);
    row(
        out,
        "bcrypt cost 10 (us) / authenticateValid (us)",
        bcrypt * 1000 / valid,
        "(report)",
        true);
    out.append("\nAbsolute scores (machine-specific):\n\n| benchmark | score |\n|---|---|\n");
    score.forEach((k, v) -> out.append(String.format(Locale.ROOT, "| %s | %.1f ns/op |%n", k, v)));
    hot.forEach(
        (k, v) ->
            out.append(String.format(Locale.ROOT, "| %s -p tokens=1 | %.1f ns/op |%n", k, v)));
    out.append(
        String.format(
            Locale.ROOT,
            "| ConcurrencyBenchmark.authenticateValid -t 1 | %.2f ops/us |%n",
            oneThread));
    out.append(
        String.format(
            Locale.ROOT,
            "| ConcurrencyBenchmark.authenticateValid -t 2 | %.2f ops/us |%n",
            twoThreads));
    out.append(
        String.format(Locale.ROOT, "| BcryptBaseline.bcryptCost10 | %.0f us/op |%n", bcrypt));
    System.out.print(out);
  }

  /** Each benchmark's best (lowest) score over the comma-separated runs. */
  private static Map<String, Double> bestOf(String runs) throws IOException, ParseException {
    Map<String, Double> best = new LinkedHashMap<>();
    for (String run : runs.split(",", -1)) {
      scores(Path.of(run)).forEach((name, time) -> best.merge(name, time, Math::min));
    }
    return best;
  }

  /** The score of {@code name}, or NaN when the run lacks it (the row then reads "no"). */
  private static double value(Map<String, Double> scores, String name) {
    return scores.getOrDefault(name, Double.NaN);
  }

  private static void row(
      StringBuilder out, String name, double value, String target, boolean met) {
    out.append(
        String.format(
            Locale.ROOT, "| %s | %.3f | %s | %s |%n", name, value, target, met ? "yes" : "**no**"));
  }

  /** Benchmark (Class.method) to bytes allocated per operation (a run with {@code -prof gc}). */
  static Map<String, Double> allocations(Path json) throws IOException, ParseException {
    return metric(json, "gc.alloc.rate.norm");
  }

  /** Benchmark (Class.method) to primary score. */
  static Map<String, Double> scores(Path json) throws IOException, ParseException {
    return metric(json, null);
  }

  /** Benchmark (Class.method) to the primary score, or the secondary metric ending in a name. */
  private static Map<String, Double> metric(Path json, @Nullable String secondary)
      throws IOException, ParseException {
    Map<String, Double> out = new LinkedHashMap<>();
    List<Object> results = JSONArrayUtils.parse(Files.readString(json, StandardCharsets.UTF_8));
    for (Object o : results) {
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) o;
      String full = String.valueOf(r.get("benchmark"));
      String name = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
      Object primary = r.get("primaryMetric");
      Object metrics =
          secondary != null
              ? r.get("secondaryMetrics")
              : primary == null ? null : Map.of("", primary);
      if (metrics instanceof Map<?, ?> byName) {
        byName.forEach(
            (key, metric) -> {
              if ((secondary == null || String.valueOf(key).endsWith(secondary))
                  && metric instanceof Map<?, ?> m
                  && m.get("score") instanceof Number number) {
                out.put(name, number.doubleValue());
              }
            });
      }
    }
    return out;
  }
}

package dev.tokenkit.spring.boot;

import dev.tokenkit.core.LeakOutcome;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.spi.TokenStoreException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The leaked-token endpoint, in the format of GitHub's secret scanning partner programme: a signed
 * JSON array of {@code {token, type, url, source}}, answered with one {@code {token_hash,
 * token_type, label}} per entry ({@code true_positive} for a token of ours, which is revoked if it
 * was live; {@code false_positive} otherwise). The answer never repeats a reported string, only its
 * SHA-256.
 */
@RestController
@RequestMapping("${tokenkit.leak-reports.path:/tokenkit/leaked-tokens}")
final class LeakReportController {

  static final String KEY_ID_HEADER = "GITHUB-PUBLIC-KEY-IDENTIFIER";
  static final String SIGNATURE_HEADER = "GITHUB-PUBLIC-KEY-SIGNATURE";
  static final int MAX_BODY_BYTES = 1_048_576;
  static final int MAX_SOURCE_LENGTH = 2_048;
  private static final Logger LOG = LoggerFactory.getLogger(LeakReportController.class);

  private final TokenService tokens;
  private final LeakReportKeys keys;

  LeakReportController(TokenService tokens, LeakReportKeys keys) {
    this.tokens = tokens;
    this.keys = keys;
  }

  @PostMapping
  ResponseEntity<String> report(HttpServletRequest request) {
    byte[] body = ManagementJson.readCapped(request, MAX_BODY_BYTES);
    String keyId = request.getHeader(KEY_ID_HEADER);
    String signature = request.getHeader(SIGNATURE_HEADER);
    if (keyId == null || signature == null) {
      throw new ManagementProblem(
          HttpStatus.UNAUTHORIZED,
          "unsigned",
          "a report must be signed: send " + KEY_ID_HEADER + " and " + SIGNATURE_HEADER,
          null);
    }
    if (!keys.verify(keyId, signature, body)) {
      throw new ManagementProblem(
          HttpStatus.UNAUTHORIZED,
          "bad_signature",
          "the signature does not verify with a configured key of that identifier",
          null);
    }
    List<Entry> entries = entries(body);
    // One call per place found, so that each revocation's audit event names its own source.
    Map<String, List<Integer>> bySource = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      bySource.computeIfAbsent(entries.get(i).source, s -> new ArrayList<>()).add(i);
    }
    LeakOutcome[] outcomes = new LeakOutcome[entries.size()];
    bySource.forEach(
        (source, indexes) -> {
          List<String> candidates = new ArrayList<>(indexes.size());
          indexes.forEach(i -> candidates.add(entries.get(i).token));
          List<LeakOutcome> found = tokens.reportLeaked(candidates, source);
          for (int k = 0; k < indexes.size(); k++) {
            outcomes[indexes.get(k)] = found.get(k);
          }
        });
    ArrayNode answer = ManagementJson.MAPPER.createArrayNode();
    int revoked = 0;
    for (int i = 0; i < entries.size(); i++) {
      LeakOutcome outcome = outcomes[i];
      revoked += outcome == LeakOutcome.REVOKED ? 1 : 0;
      answer
          .addObject()
          .put("token_hash", sha256(entries.get(i).token))
          .put("token_type", entries.get(i).type)
          .put("label", outcome == LeakOutcome.NOT_OURS ? "false_positive" : "true_positive");
    }
    LOG.info(
        "leaked-token report signed by key {}: {} strings, {} tokens revoked",
        keyId,
        entries.size(),
        revoked);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(ManagementJson.MAPPER.writeValueAsString(answer));
  }

  /** One reported string, its type as reported, and where it was found. */
  private record Entry(String token, String type, String source) {}

  private static List<Entry> entries(byte[] body) {
    JsonNode array;
    try {
      array = ManagementJson.MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw ManagementProblem.badRequest(null, "the body must be a JSON array of reports");
    }
    if (array == null || !array.isArray() || array.isEmpty() || array.size() > 1_000) {
      throw ManagementProblem.badRequest(
          null, "the body must be a JSON array of 1 to 1000 reports");
    }
    List<Entry> entries = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonNode item = array.get(i);
      String at = "[" + i + "]";
      if (!item.isObject()) {
        throw ManagementProblem.badRequest(at, "each report must be a JSON object");
      }
      String token = text(item, "token", at);
      if (token == null) {
        throw ManagementProblem.badRequest(at + ".token", "token is required: the string found");
      }
      String type = text(item, "type", at);
      String url = text(item, "url", at);
      String source = text(item, "source", at);
      String where = url != null && !url.isBlank() ? url : source;
      where = where == null || where.isBlank() ? "secret scanning report" : where;
      if (where.length() > MAX_SOURCE_LENGTH) {
        where = where.substring(0, MAX_SOURCE_LENGTH);
      }
      entries.add(new Entry(token, type == null ? "" : type, where));
    }
    return entries;
  }

  private static @Nullable String text(JsonNode item, String field, String at) {
    JsonNode value = item.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw ManagementProblem.badRequest(at + "." + field, field + " must be a string");
    }
    return value.asString();
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @ExceptionHandler(ManagementProblem.class)
  ResponseEntity<ProblemDetail> problem(ManagementProblem e) {
    return TokenManagementController.problem(
        e.status(), e.error(), String.valueOf(e.getMessage()), e.field());
  }

  @ExceptionHandler(TokenStoreException.class)
  ResponseEntity<ProblemDetail> unavailable(TokenStoreException e) {
    LOG.warn("token store unavailable during a leaked-token report: {}", e.toString());
    ResponseEntity<ProblemDetail> answer =
        TokenManagementController.problem(
            HttpStatus.SERVICE_UNAVAILABLE,
            "unavailable",
            "the token store is unavailable; send the report again later",
            null);
    return ResponseEntity.status(answer.getStatusCode())
        .headers(answer.getHeaders())
        .header(HttpHeaders.RETRY_AFTER, "60")
        .body(answer.getBody());
  }
}

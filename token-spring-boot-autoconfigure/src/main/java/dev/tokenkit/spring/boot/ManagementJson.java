package dev.tokenkit.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A management request body read field by field: one JSON object, no repeated or unknown fields,
 * bounded nesting and lengths, and every accessor naming its field when the value has the wrong
 * type. Parser messages are never passed on (they name the parser's classes and settings).
 */
final class ManagementJson {

  /** tokenkit's own mapper: the application's Jackson settings must not change the API. */
  static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(16)
                          .maxStringLength(65_536)
                          .maxNumberLength(32)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  static final int MAX_BODY_BYTES = 65_536;

  private final ObjectNode object;

  private ManagementJson(ObjectNode object) {
    this.object = object;
  }

  /**
   * Reads and parses the request's body, refusing more than {@link #MAX_BODY_BYTES} ({@code 413})
   * without keeping it.
   */
  static ManagementJson parse(HttpServletRequest request, Set<String> allowedFields) {
    return parse(readCapped(request, MAX_BODY_BYTES), allowedFields);
  }

  /**
   * The request's body, at most {@code max} bytes: a longer one, declared or sent in chunks, is
   * {@code 413} and is not kept (one byte past the cap is read to tell).
   */
  static byte[] readCapped(HttpServletRequest request, int max) {
    if (request.getContentLengthLong() > max) {
      throw ManagementProblem.tooLarge(max);
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(max + 1);
    } catch (IOException e) {
      throw ManagementProblem.badRequest(null, "the body could not be read");
    }
    if (body.length > max) {
      throw ManagementProblem.tooLarge(max);
    }
    return body;
  }

  /** Parses a body that must be one JSON object (an empty body is an empty object). */
  private static ManagementJson parse(byte @Nullable [] body, Set<String> allowedFields) {
    if (body == null || body.length == 0) {
      return new ManagementJson(MAPPER.createObjectNode());
    }
    if (body.length > MAX_BODY_BYTES) {
      throw ManagementProblem.tooLarge(MAX_BODY_BYTES);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JacksonException e) {
      throw ManagementProblem.badRequest(null, describe(e));
    }
    if (node == null || !node.isObject()) {
      throw ManagementProblem.badRequest(null, "body must be a JSON object");
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!allowedFields.contains(field.getKey())) {
        throw ManagementProblem.badRequest(
            field.getKey(), "unknown field; allowed: " + new java.util.TreeSet<>(allowedFields));
      }
    }
    return new ManagementJson((ObjectNode) node);
  }

  /** What is wrong with a body, in our own words. */
  static String describe(JacksonException e) {
    String original = String.valueOf(e.getOriginalMessage());
    if (e instanceof StreamConstraintsException) {
      return "body is nested too deeply, or holds too long a string or number";
    }
    if (original.startsWith("Duplicate")) {
      // Jackson names the field in single or double quotes, depending on where it noticed.
      int single = original.indexOf('\'');
      int quote = original.indexOf('"');
      int open = single < 0 ? quote : quote < 0 ? single : Math.min(single, quote);
      int close = open < 0 ? -1 : original.indexOf(original.charAt(open), open + 1);
      String name = close < 0 ? "" : " \"" + original.substring(open + 1, close) + "\"";
      return "body names the field" + name + " twice";
    }
    if (original.startsWith("Trailing token")) {
      return "body has more after its JSON object";
    }
    if (original.contains("end-of-input")) {
      return "body ends before its JSON is complete";
    }
    if (original.contains("UTF-8") || original.contains("UTF8")) {
      return "body is not valid UTF-8";
    }
    TokenStreamLocation at = e.getLocation();
    return at == null || at.getLineNr() < 0
        ? "body is not valid JSON"
        : "body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
  }

  boolean has(String field) {
    JsonNode value = object.get(field);
    return value != null && !value.isNull();
  }

  @Nullable String string(String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw ManagementProblem.badRequest(field, field + " must be a string");
    }
    return value.stringValue();
  }

  @Nullable Boolean bool(String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw ManagementProblem.badRequest(field, field + " must be true or false");
    }
    return value.booleanValue();
  }

  @Nullable Long number(String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw ManagementProblem.badRequest(field, field + " must be a whole number");
    }
    return value.longValue();
  }

  @Nullable List<String> strings(String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw ManagementProblem.badRequest(field, field + " must be an array of strings");
    }
    List<String> strings = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isString()) {
        throw ManagementProblem.badRequest(field, field + " must be an array of strings");
      }
      strings.add(element.stringValue());
    }
    return strings;
  }
}

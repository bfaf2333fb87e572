package dev.tokenkit.examples;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A JSON request object read field by field: every accessor names the field in its 400 answer when
 * the value has the wrong type, and unknown fields are refused rather than ignored.
 */
final class Json {

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(65_536).build());
  }

  private final ObjectNode object;

  private Json(ObjectNode object) {
    this.object = object;
  }

  /** Parses a request body that must be one JSON object (an empty body is an empty object). */
  static Json parseObject(byte[] body, Set<String> allowedFields) {
    if (body.length == 0) {
      return new Json(MAPPER.createObjectNode());
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(null, describe(e));
    } catch (java.io.IOException e) {
      throw ApiException.badRequest(null, "body is not valid UTF-8 JSON");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest(null, "body must be a JSON object");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowedFields.contains(name)) {
        throw ApiException.badRequest(name, "unknown field; allowed: " + allowedFields);
      }
    }
    return new Json((ObjectNode) node);
  }

  /**
   * What is wrong with a body, in our own words: the parser's messages name its classes, features
   * and limits, which an answer must never show.
   */
  static String describe(JsonProcessingException e) {
    String original = String.valueOf(e.getOriginalMessage());
    if (e instanceof StreamConstraintsException) {
      return "body is nested too deeply, or holds too long a string or number";
    }
    if (original.startsWith("Duplicate field")) {
      int open = original.indexOf('\'');
      int close = open < 0 ? -1 : original.indexOf('\'', open + 1);
      String name = close < 0 ? "" : " \"" + original.substring(open + 1, close) + "\"";
      return "body names the field" + name + " twice";
    }
    if (original.startsWith("Trailing token")) {
      return "body has more after its JSON object";
    }
    if (e instanceof JsonEOFException || original.contains("end-of-input")) {
      return "body ends before its JSON is complete";
    }
    if (original.contains("UTF-8") || original.contains("UTF8")) {
      return "body is not valid UTF-8";
    }
    JsonLocation at = e.getLocation();
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
    if (!value.isTextual()) {
      throw ApiException.badRequest(field, "must be a string");
    }
    return value.textValue();
  }

  @Nullable Boolean bool(String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isBoolean()) {
      throw ApiException.badRequest(field, "must be true or false");
    }
    return value.booleanValue();
  }

  @Nullable Long number(String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw ApiException.badRequest(field, "must be a whole number");
    }
    return value.longValue();
  }

  @Nullable List<String> strings(String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw ApiException.badRequest(field, "must be an array of strings");
    }
    List<String> strings = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw ApiException.badRequest(field, "must be an array of strings");
      }
      strings.add(element.textValue());
    }
    return strings;
  }
}

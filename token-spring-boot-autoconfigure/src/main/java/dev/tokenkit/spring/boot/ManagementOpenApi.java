package dev.tokenkit.spring.boot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The management API's OpenAPI document: {@code META-INF/tokenkit/management-openapi.json}, with
 * its {@code {base}} paths moved under the configured base path and the API-key scheme naming the
 * configured header (or dropped when there is none).
 */
final class ManagementOpenApi {

  static final String RESOURCE = "/META-INF/tokenkit/management-openapi.json";

  private ManagementOpenApi() {}

  static String document(String basePath, @Nullable String apiKeyHeader) {
    ObjectNode root;
    try (InputStream in = ManagementOpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      root = (ObjectNode) ManagementJson.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode paths = (ObjectNode) root.path("paths");
    ObjectNode moved = ManagementJson.MAPPER.createObjectNode();
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(paths.properties());
    for (Map.Entry<String, JsonNode> path : entries) {
      moved.set(path.getKey().replace("{base}", basePath), path.getValue());
    }
    root.set("paths", moved);
    ObjectNode schemes = (ObjectNode) root.path("components").path("securitySchemes");
    if (apiKeyHeader == null) {
      schemes.remove("apiKey");
      ArrayNode security = ManagementJson.MAPPER.createArrayNode();
      security.addObject().putArray("bearer");
      root.set("security", security);
    } else {
      ((ObjectNode) schemes.path("apiKey")).put("name", apiKeyHeader);
    }
    return ManagementJson.MAPPER.writeValueAsString(root);
  }
}

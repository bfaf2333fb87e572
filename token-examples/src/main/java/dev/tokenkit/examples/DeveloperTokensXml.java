package dev.tokenkit.examples;

import dev.tokenkit.core.CreateTokenRequest;
import dev.tokenkit.core.IssuedToken;
import dev.tokenkit.core.TokenUpdate;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * MindTouch's developer-token wire format over the token service: the XML request of {@code POST
 * site/developer-tokens} and {@code PUT site/developer-tokens/{id}}, and the XML answer with
 * {@code @id}, {@code @type}, {@code @date} (RFC 1123), {@code @href}, {@code authorization},
 * {@code key}, {@code name}, {@code restricted-by-user-id} and {@code secret}. Parsing refuses DTDs
 * and entities of any kind and bodies over {@link #MAX_XML_BYTES}. Stateless and thread-safe.
 */
final class DeveloperTokensXml {

  /** The path MindTouch serves these endpoints at. */
  static final String PATH = "/@api/deki/site/developer-tokens";

  /** The largest request body accepted, in bytes. */
  static final int MAX_XML_BYTES = 16 * 1024;

  private static final Set<String> CREATE_ELEMENTS =
      Set.of("key", "name", "restricted-by-user-id", "host");
  private static final Set<String> UPDATE_ELEMENTS = Set.of("key", "name", "restricted-by-user-id");
  private static final Pattern HOST_HEADER = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]{1,262}");

  private DeveloperTokensXml() {}

  /** A parsed {@code <developer-token>}: its type attribute and its child elements' text. */
  record Request(@Nullable String type, Map<String, String> fields, List<String> hosts) {}

  /**
   * Parses a request body.
   *
   * @throws ApiException 400 for anything but one {@code developer-token} element with known,
   *     unique, text-only children, and 413 over the size cap
   */
  static Request parse(byte[] body, boolean create) {
    if (body.length > MAX_XML_BYTES) {
      throw new ApiException(
          413, "too_large", "XML bodies are limited to " + MAX_XML_BYTES + " bytes", null, null);
    }
    if (body.length == 0) {
      throw ApiException.badRequest(null, "a <developer-token> XML body is required");
    }
    Document document;
    try {
      DocumentBuilder parser = hardenedFactory().newDocumentBuilder();
      parser.setErrorHandler(new DefaultHandler()); // errors throw; nothing is printed
      document = parser.parse(new ByteArrayInputStream(body));
    } catch (SAXException | IOException e) {
      throw ApiException.badRequest(null, "malformed XML (DTDs and entities are not accepted)");
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("XML parser unavailable", e);
    }
    Element root = document.getDocumentElement();
    if (!"developer-token".equals(root.getTagName())) {
      throw ApiException.badRequest(null, "the root element must be <developer-token>");
    }
    String type = root.hasAttribute("type") ? root.getAttribute("type") : null;
    Set<String> allowed = create ? CREATE_ELEMENTS : UPDATE_ELEMENTS;
    Map<String, String> fields = new HashMap<>();
    List<String> hosts = new ArrayList<>();
    NodeList children = root.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node child = children.item(i);
      if (child.getNodeType() == Node.TEXT_NODE && child.getTextContent().isBlank()) {
        continue;
      }
      if (child.getNodeType() == Node.COMMENT_NODE) {
        continue;
      }
      if (!(child instanceof Element element)) {
        throw ApiException.badRequest(null, "<developer-token> holds only elements");
      }
      String name = element.getTagName();
      if (!allowed.contains(name)) {
        throw ApiException.badRequest(name, "unknown element <" + name + ">");
      }
      if (element.getElementsByTagName("*").getLength() > 0) {
        throw ApiException.badRequest(name, "<" + name + "> must hold text only");
      }
      String text = element.getTextContent().strip();
      if (name.equals("host")) {
        hosts.add(text);
      } else if (fields.put(name, text) != null) {
        throw ApiException.badRequest(name, "<" + name + "> appears twice");
      }
    }
    return new Request(type, fields, hosts);
  }

  /**
   * A 400 for a refusal of the service, naming the XML element of the JSON field it is about
   * ({@code restrictedUser} is {@code restricted-by-user-id}, {@code origins} is {@code host}).
   */
  static ApiException badRequest(@Nullable String jsonField, @Nullable String message) {
    String field =
        jsonField == null
            ? null
            : switch (jsonField) {
              case "restrictedUser" -> "restricted-by-user-id";
              case "origins" -> "host";
              default -> jsonField;
            };
    return ApiException.badRequest(field, message);
  }

  private static DocumentBuilderFactory hardenedFactory() throws ParserConfigurationException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    // No DOCTYPE at all: no internal entities (billion laughs), no external ones (XXE).
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
    factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    factory.setXIncludeAware(false);
    factory.setExpandEntityReferences(false);
    factory.setNamespaceAware(false);
    return factory;
  }

  /**
   * The create request: {@code type} {@code server} (default) or {@code browser}; a server token
   * gets its long-term JWT at once, as MindTouch's does. A {@code <key>} is ignored: keys are
   * generated.
   */
  static CreateTokenRequest createRequest(Request request) {
    String type = request.type() == null ? "server" : request.type();
    TokenKind kind =
        switch (type) {
          case "server" -> TokenKind.SERVER;
          case "browser" -> TokenKind.BROWSER;
          default -> throw ApiException.badRequest("type", "type must be server or browser");
        };
    String name = request.fields().get("name");
    if (name == null) {
      throw ApiException.badRequest("name", "<name> is required");
    }
    CreateTokenRequest.Builder b = CreateTokenRequest.named(name).kind(kind);
    String restricted = request.fields().get("restricted-by-user-id");
    if (kind == TokenKind.SERVER) {
      b.issueJwt(true);
      if (restricted != null && !restricted.isEmpty()) {
        b.access(TokenAccess.fullAccess().withRestrictedUser(restricted));
      }
      if (!request.hosts().isEmpty()) {
        throw ApiException.badRequest("host", "<host> is only for browser tokens");
      }
    } else {
      if (restricted != null) {
        throw ApiException.badRequest(
            "restricted-by-user-id", "<restricted-by-user-id> is only for server tokens");
      }
      b.access(TokenAccess.readOnly().withAllowedOrigins(request.hosts()));
    }
    return b.build();
  }

  /**
   * The update request: a new {@code <name>}, and {@code <restricted-by-user-id>} to restrict the
   * token to that user (empty: lift the restriction). A {@code <key>} must be the token's own.
   */
  static TokenUpdate update(Request request, TokenRecord current) {
    String key = request.fields().get("key");
    if (key != null && !key.equals(current.id().value())) {
      throw ApiException.badRequest("key", "<key> is not the key of this token");
    }
    if (request.type() != null
        && !request.type().equals(current.kind().name().toLowerCase(Locale.ROOT))) {
      throw ApiException.badRequest("type", "the type of a token cannot change");
    }
    TokenUpdate.Builder b = TokenUpdate.builder();
    String name = request.fields().get("name");
    if (name != null) {
      b.name(name);
    }
    String restricted = request.fields().get("restricted-by-user-id");
    if (restricted != null) {
      String user = restricted.isEmpty() ? null : restricted; // empty lifts the restriction
      b.access(a -> a.withRestrictedUser(user));
    }
    return b.build();
  }

  /** The answer to a create: every field, the secret and the JWT included (shown once). */
  static String created(IssuedToken issued, String baseUrl) {
    StringBuilder xml = open(issued.record(), baseUrl);
    issued.jwt().ifPresent(jwt -> element(xml, "authorization", "Bearer " + jwt));
    fields(xml, issued.record());
    element(xml, "secret", issued.secret());
    return xml.append("</developer-token>").toString();
  }

  /** The answer to an update: the token without secret material. */
  static String token(TokenRecord record, String baseUrl) {
    StringBuilder xml = open(record, baseUrl);
    fields(xml, record);
    return xml.append("</developer-token>").toString();
  }

  /** {@code http://<Host>}, or the server's own address when the Host header is missing or odd. */
  static String baseUrl(@Nullable String hostHeader, String fallbackHost) {
    String host =
        hostHeader != null && HOST_HEADER.matcher(hostHeader).matches() ? hostHeader : fallbackHost;
    return "http://" + host;
  }

  private static StringBuilder open(TokenRecord record, String baseUrl) {
    StringBuilder xml = new StringBuilder(512).append("<developer-token");
    attribute(xml, "id", record.id().value());
    attribute(xml, "type", record.kind().name().toLowerCase(Locale.ROOT));
    attribute(
        xml,
        "date",
        DateTimeFormatter.RFC_1123_DATE_TIME.format(record.createdAt().atOffset(ZoneOffset.UTC)));
    attribute(xml, "href", baseUrl + PATH + "/" + record.id().value());
    return xml.append('>');
  }

  private static void fields(StringBuilder xml, TokenRecord record) {
    element(xml, "key", record.id().value());
    element(xml, "name", record.name());
    record.access().restrictedUser().ifPresent(user -> element(xml, "restricted-by-user-id", user));
  }

  private static void attribute(StringBuilder xml, String name, String value) {
    xml.append(' ').append(name).append("=\"").append(escape(value)).append('"');
  }

  private static void element(StringBuilder xml, String name, String text) {
    xml.append('<').append(name).append('>').append(escape(text)).append("</").append(name);
    xml.append('>');
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

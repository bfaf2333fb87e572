package dev.tokenkit.core;

import dev.tokenkit.store.spi.TokenId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * HTTP message signatures (RFC 9421) with HMAC-SHA256, and the content digests (RFC 9530) they
 * cover: parsing {@code Signature-Input} and {@code Signature}, the signature base, and tokenkit's
 * profile (which components and parameters a signature must have).
 */
final class MessageSignatures {

  /** The label tokenkit's signer gives its signature. */
  public static final String LABEL = "tokenkit";

  /** The header field naming the user an unrestricted server token acts as (covered if sent). */
  public static final String USER_HEADER = "token-user";

  /** What tokenkit's profile requires every signature to cover. */
  public static final List<String> REQUIRED =
      List.of("@method", "@target-uri", "@authority", "content-digest");

  private static final Set<String> DERIVED =
      Set.of("@method", "@target-uri", "@authority", "@scheme", "@path", "@query");
  private static final Set<String> PARAMETERS =
      Set.of("created", "expires", "nonce", "alg", "keyid", "tag");
  private static final int MAX_COMPONENTS = 32;

  private MessageSignatures() {}

  /** One signature of a request: what it covers, its parameters and its bytes. */
  public static final class Parsed {
    public final List<String> components;
    public final Map<String, Object> params;
    public final byte[] signature;

    /** The {@code @signature-params} value: the canonical serialization of the above. */
    public final String signatureParams;

    Parsed(List<String> components, Map<String, Object> params, byte[] signature) {
      this.components = components;
      this.params = params;
      this.signature = signature;
      this.signatureParams = StructuredFields.innerList(components, params);
    }

    /** A string parameter, or null if absent or not a string. */
    public @Nullable String string(String name) {
      return params.get(name) instanceof String s ? s : null;
    }

    /** An integer parameter, or null if absent or not an integer. */
    public @Nullable Long integer(String name) {
      return params.get(name) instanceof Long n ? n : null;
    }
  }

  /**
   * The request's one signature: exactly one member in {@code Signature-Input} and one in {@code
   * Signature}, with the same label; null if the fields are missing, malformed or hold several.
   */
  public static @Nullable Parsed parse(HttpRequestParts request) {
    List<StructuredFields.Member> inputs = field(request, "signature-input");
    List<StructuredFields.Member> signatures = field(request, "signature");
    if (inputs == null || signatures == null || inputs.size() != 1 || signatures.size() != 1) {
      return null;
    }
    StructuredFields.Member input = inputs.get(0);
    StructuredFields.Member signature = signatures.get(0);
    if (!input.key.equals(signature.key)
        || input.innerList == null
        || input.innerList.isEmpty()
        || input.innerList.size() > MAX_COMPONENTS
        || !(signature.item instanceof byte[] bytes)
        || !signature.params.isEmpty()) {
      return null;
    }
    Set<String> distinct = new HashSet<>();
    for (String component : input.innerList) {
      if (!distinct.add(component) || component.equals("@signature-params")) {
        return null;
      }
    }
    return new Parsed(List.copyOf(input.innerList), input.params, bytes);
  }

  /**
   * Why {@code parsed} does not meet tokenkit's profile, or null if it does: it covers {@link
   * #REQUIRED} (and {@link #USER_HEADER} when the request carries it), only derived components
   * tokenkit knows, and has {@code created}, a {@code nonce} of 8 to 128 printable ASCII
   * characters, a {@code keyid} that is a token id, {@code alg} (if present) {@code hmac-sha256},
   * and no parameters beyond those of RFC 9421.
   */
  public static @Nullable String profileProblem(Parsed parsed, HttpRequestParts request) {
    for (String required : REQUIRED) {
      if (!parsed.components.contains(required)) {
        return "does not cover " + required;
      }
    }
    if (!request.header(USER_HEADER).isEmpty() && !parsed.components.contains(USER_HEADER)) {
      return "does not cover " + USER_HEADER;
    }
    for (String component : parsed.components) {
      if (component.startsWith("@") && !DERIVED.contains(component)) {
        return "covers an unsupported component";
      }
    }
    if (!PARAMETERS.containsAll(parsed.params.keySet())) {
      return "has an unknown parameter";
    }
    String nonce = parsed.string("nonce");
    String keyId = parsed.string("keyid");
    Object alg = parsed.params.get("alg");
    if (parsed.integer("created") == null
        || (parsed.params.containsKey("expires") && parsed.integer("expires") == null)
        || nonce == null
        || nonce.length() < 8
        || nonce.length() > 128
        || keyId == null
        || !TokenId.isValid(keyId)
        || (alg != null && !"hmac-sha256".equals(alg))) {
      return "lacks or misstates created, nonce, keyid or alg";
    }
    return null;
  }

  /**
   * The signature base (RFC 9421 section 2.5) of {@code components} with {@code signatureParams},
   * or null if a component is missing from the request or unsupported.
   */
  public static @Nullable String base(
      HttpRequestParts request, List<String> components, String signatureParams) {
    StringBuilder base = new StringBuilder();
    for (String component : components) {
      String value = componentValue(request, component);
      if (value == null) {
        return null;
      }
      base.append('"').append(component).append("\": ").append(value).append('\n');
    }
    return base.append("\"@signature-params\": ").append(signatureParams).toString();
  }

  private static @Nullable String componentValue(HttpRequestParts request, String component) {
    URI uri = request.targetUri();
    String derived =
        switch (component) {
          case "@method" -> request.method();
          case "@target-uri" -> uri.toASCIIString();
          case "@authority" -> authority(uri);
          case "@scheme" -> uri.getScheme().toLowerCase(Locale.ROOT);
          case "@path" ->
              uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
          case "@query" -> "?" + (uri.getRawQuery() == null ? "" : uri.getRawQuery());
          default -> null;
        };
    if (derived != null) {
      return derived;
    }
    if (component.startsWith("@") || !component.equals(component.toLowerCase(Locale.ROOT))) {
      return null; // unknown derived component, or a field name not in lower case
    }
    List<String> lines = request.header(component);
    if (lines.isEmpty()) {
      return null;
    }
    StringBuilder value = new StringBuilder();
    for (String line : lines) {
      if (value.length() > 0) {
        value.append(", ");
      }
      value.append(line.strip());
    }
    return value.toString();
  }

  /** Host (lower case) and port, the port only when not the scheme's default. */
  private static String authority(URI uri) {
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean defaultPort =
        port < 0
            || (port == 443 && scheme.equals("https"))
            || (port == 80 && scheme.equals("http"));
    return defaultPort ? host : host + ":" + port;
  }

  /** HMAC-SHA256 of the base's UTF-8 bytes under {@code key}. */
  public static byte[] hmacSha256(byte[] key, String base) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(base.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The {@code Content-Digest} value (RFC 9530) of {@code body}: its SHA-256. */
  public static String contentDigest(byte[] body) {
    return "sha-256=" + StructuredFields.byteSequence(digest("SHA-256", body));
  }

  /**
   * Whether the request's {@code Content-Digest} names its body: every {@code sha-256} and {@code
   * sha-512} member matches, at least one is present, and no member is of another kind.
   */
  public static boolean digestMatches(HttpRequestParts request) {
    List<StructuredFields.Member> members = field(request, "content-digest");
    if (members == null) {
      return false;
    }
    byte[] body = request.body();
    for (StructuredFields.Member member : members) {
      String algorithm =
          switch (member.key) {
            case "sha-256" -> "SHA-256";
            case "sha-512" -> "SHA-512";
            default -> null;
          };
      if (algorithm == null
          || !(member.item instanceof byte[] claimed)
          || !MessageDigest.isEqual(digest(algorithm, body), claimed)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] digest(String algorithm, byte[] body) {
    try {
      return MessageDigest.getInstance(algorithm).digest(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }

  /** The dictionary in the header field {@code name} (its lines joined), or null. */
  private static @Nullable List<StructuredFields.Member> field(
      HttpRequestParts request, String name) {
    List<String> lines = request.header(name);
    return lines.isEmpty() ? null : StructuredFields.dictionary(String.join(", ", lines));
  }
}

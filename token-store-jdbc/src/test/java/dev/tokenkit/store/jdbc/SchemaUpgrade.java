package dev.tokenkit.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenkit.core.Actor;
import dev.tokenkit.core.AdminPermission;
import dev.tokenkit.core.AuthResult;
import dev.tokenkit.core.KeyRing;
import dev.tokenkit.core.Owner;
import dev.tokenkit.core.PepperRing;
import dev.tokenkit.core.PermissionCatalog;
import dev.tokenkit.core.PermissionModel;
import dev.tokenkit.core.RejectionReason;
import dev.tokenkit.core.RequestContext;
import dev.tokenkit.core.ResourceTree;
import dev.tokenkit.core.TokenService;
import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Upgrades a database written by tokenkit before versioned migrations (the rows of {@code
 * upgrade/v1-tokens.sql}, written at commit adb43e0) and checks that every token still answers as
 * it did: same records, same secrets, same refusals.
 */
final class SchemaUpgrade {

  private static final Pattern HEX = Pattern.compile("HEX'([0-9a-f]*)'");

  private SchemaUpgrade() {}

  /** Creates the version-1 tables exactly as that code did and fills in its rows. */
  static void writeVersionOneDatabase(DataSource ds, SqlDialect dialect) throws SQLException {
    String schema = resource(dialect.migrations().get(0));
    String rows = resource("upgrade/v1-tokens.sql");
    Matcher m = HEX.matcher(rows);
    StringBuilder dialectRows = new StringBuilder();
    while (m.find()) {
      String bytes =
          dialect == SqlDialect.H2
              ? "X'" + m.group(1) + "'"
              : "decode('" + m.group(1) + "', 'hex')";
      m.appendReplacement(dialectRows, Matcher.quoteReplacement(bytes));
    }
    m.appendTail(dialectRows);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      for (String statement : statements(schema + "\n" + dialectRows)) {
        s.execute(statement);
      }
    }
  }

  /** Upgrades through the store's own initialiser and checks every record and token. */
  static void upgradeAndCheck(DataSource ds, SqlDialect dialect) throws Exception {
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(ds).dialect(dialect).build();
    store.createSchemaIfMissing();
    assertThat(versions(ds)).containsExactly(1, 2, 3, 4, 5, 6);
    store.createSchemaIfMissing(); // idempotent: nothing applied twice
    assertThat(versions(ds)).containsExactly(1, 2, 3, 4, 5, 6);
    checkRecordsAndTokens(store);
  }

  /** The records and tokens of the fixture, read through a store on the upgraded database. */
  static void checkRecordsAndTokens(JdbcTokenStore store) throws IOException {
    List<TokenRecord> all = store.list(TokenFilter.all(), null, 100).items();
    assertThat(all).hasSize(6);
    for (TokenRecord r : all) {
      assertThat(r.tenant()).isEmpty();
      assertThat(r.ownerKind()).isEqualTo(OwnerKind.USER);
      assertThat(r.jwtIssuedAt()).isEmpty();
      assertThat(r.expiryNoticeFor()).isEmpty();
      assertThat(r.remainingUses()).isEmpty();
    }
    assertThat(store.list(TokenFilter.builder().tenant(null).build(), null, 100).items())
        .hasSize(6);
    TokenRecord api = store.findByName("CI DEPLOY Ü").orElseThrow();
    assertThat(api.access().scopes()).containsExactly("docs:read", "docs:write");
    // Names stay unique among the old tokens, and a tenant has its own names.
    assertThatThrownBy(() -> store.create(api.toBuilder().id(TokenId.of("upgrade00001")).build()))
        .isInstanceOf(DuplicateTokenException.class);
    TokenRecord tenants =
        store.create(api.toBuilder().id(TokenId.of("upgrade00002")).tenant("acme").build());
    assertThat(store.findByName("acme", "ci deploy ü")).contains(tenants);
    store.delete(tenants.id());

    Properties tokens = new Properties();
    tokens.load(new StringReader(resource("upgrade/v1-tokens.properties")));
    TokenService service = service(store, api);
    RequestContext none = RequestContext.empty();
    assertThat(service.authenticate(tokens.getProperty("api"), none).isAuthenticated()).isTrue();
    assertThat(service.authenticate(tokens.getProperty("rotated-new"), none).isAuthenticated())
        .isTrue();
    assertThat(service.authenticate(tokens.getProperty("rotated-old"), none).isAuthenticated())
        .isTrue();
    assertThat(reason(service.authenticate(tokens.getProperty("revoked"), none)))
        .isEqualTo(RejectionReason.REVOKED);
    assertThat(reason(service.authenticate(tokens.getProperty("disabled"), none)))
        .isEqualTo(RejectionReason.DISABLED);
    assertThat(reason(service.authenticate(tokens.getProperty("api") + "x", none))).isNotNull();
    // The server token's sealed secret still opens with the same key.
    String server = tokens.getProperty("server");
    TokenRecord serverRecord = store.findByName("integration").orElseThrow();
    Actor admin = Actor.of("alice", EnumSet.allOf(AdminPermission.class), Set.of("*:*"));
    assertThat(service.reveal(admin, serverRecord.id()).token()).isEqualTo(server);
  }

  private static RejectionReason reason(AuthResult result) {
    return ((AuthResult.Rejected) result).reason();
  }

  /** A service configured as the one that wrote the fixture, at the time it wrote it. */
  private static TokenService service(JdbcTokenStore store, TokenRecord written) {
    return TokenService.builder()
        .store(store)
        .pepperRing(
            PepperRing.of(
                1, "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII)))
        .keyRing(
            KeyRing.of(1, "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII)))
        .owners(id -> Optional.of(Owner.active(id, "*:*")))
        .permissionModel(
            PermissionModel.builder()
                .catalog(
                    PermissionCatalog.builder()
                        .read("docs", "read")
                        .write("docs", "write")
                        .publicRead("docs", "view")
                        .build())
                .resourceTree(
                    new ResourceTree() {
                      @Override
                      public boolean exists(String node) {
                        return node.equals("/") || node.equals("/docs");
                      }

                      @Override
                      public Optional<String> parent(String node) {
                        return node.equals("/docs") ? Optional.of("/") : Optional.empty();
                      }
                    })
                .build())
        .viewAgain(true)
        .clock(Clock.fixed(written.createdAt().plusSeconds(3600), ZoneOffset.UTC))
        .build();
  }

  static List<Integer> versions(DataSource ds) throws SQLException {
    List<Integer> versions = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT version FROM tokenkit_schema_version ORDER BY version")) {
      while (rs.next()) {
        versions.add(rs.getInt(1));
      }
    }
    return versions;
  }

  static String resource(String name) {
    try (InputStream in = SchemaUpgrade.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> statements(String script) {
    StringBuilder text = new StringBuilder();
    for (String line : script.replace("${prefix}", "tokenkit_").split("\n", -1)) {
      if (!line.strip().startsWith("--")) {
        text.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String statement : text.toString().split(";\n", -1)) {
      if (!statement.isBlank()) {
        statements.add(statement.strip());
      }
    }
    return statements;
  }
}

package dev.tokenkit.store.jdbc;

import dev.tokenkit.store.jdbc.internal.Codec;
import dev.tokenkit.store.spi.AccessMode;
import dev.tokenkit.store.spi.HashedSecret;
import dev.tokenkit.store.spi.OwnerKind;
import dev.tokenkit.store.spi.RateLimit;
import dev.tokenkit.store.spi.SensitiveBytes;
import dev.tokenkit.store.spi.TokenAccess;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenKind;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.UseRefill;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * A token record as a row of the tokens table: the columns in one order, a record bound to a
 * statement's parameters in that order, and a row read back into a record.
 */
final class TokenRows {

  static final String COLUMNS =
      "id, kind, name, name_key, name_hash, description, owner_id, restricted_user, secret_hash,"
          + " secret_pepper, sealed_secret, previous_hash, previous_pepper, previous_valid_until,"
          + " access_mode, scopes, root_nodes, allowed_origins, allowed_cidrs, attributes, enabled,"
          + " created_at, updated_at, expires_at, last_used_at, revoked_at, version, tenant,"
          + " owner_kind, jwt_issued_at, expiry_notice_for, remaining_uses, uses_refill,"
          + " uses_refill_period, uses_refill_start, rate_limits";
  static final int COLUMN_COUNT = COLUMNS.split(",", -1).length;

  private TokenRows() {}

  static void bind(PreparedStatement ps, TokenRecord r, @Nullable Instant lastUsed, long version)
      throws SQLException {
    HashedSecret secret = r.secret().orElse(null);
    HashedSecret previous = r.previousSecret().orElse(null);
    int i = 1;
    ps.setString(i++, r.id().value());
    ps.setString(i++, r.kind().name());
    ps.setString(i++, r.name());
    ps.setString(i++, r.nameKey());
    ps.setString(i++, Codec.nameHash(r.nameKey()));
    ps.setString(i++, r.description());
    setString(ps, i++, r.ownerId().orElse(null));
    TokenAccess access = r.access();
    setString(ps, i++, access.restrictedUser().orElse(null));
    setBytes(ps, i++, secret == null ? null : secret.hash());
    setInt(ps, i++, secret == null ? null : secret.pepperVersion());
    setBytes(ps, i++, r.sealedSecret().orElse(null));
    setBytes(ps, i++, previous == null ? null : previous.hash());
    setInt(ps, i++, previous == null ? null : previous.pepperVersion());
    setLong(ps, i++, Codec.nullableMicros(r.previousSecretValidUntil().orElse(null)));
    ps.setString(i++, access.mode().name());
    ps.setString(i++, Codec.list(access.scopes()));
    ps.setString(i++, Codec.list(access.rootNodes()));
    ps.setString(i++, Codec.list(access.allowedOrigins()));
    ps.setString(i++, Codec.list(access.allowedCidrs()));
    ps.setString(i++, Codec.map(r.attributes()));
    ps.setBoolean(i++, r.enabled());
    ps.setLong(i++, Codec.micros(r.createdAt()));
    ps.setLong(i++, Codec.micros(r.updatedAt()));
    setLong(ps, i++, Codec.nullableMicros(r.expiresAt().orElse(null)));
    setLong(ps, i++, Codec.nullableMicros(lastUsed));
    setLong(ps, i++, Codec.nullableMicros(r.revokedAt().orElse(null)));
    ps.setLong(i++, version);
    setString(ps, i++, r.tenant().orElse(null));
    ps.setString(i++, r.ownerKind().name());
    setLong(ps, i++, Codec.nullableMicros(r.jwtIssuedAt().orElse(null)));
    setLong(ps, i++, Codec.nullableMicros(r.expiryNoticeFor().orElse(null)));
    OptionalLong uses = r.remainingUses();
    setLong(ps, i++, uses.isPresent() ? uses.getAsLong() : null);
    UseRefill refill = r.usesRefill().orElse(null);
    setLong(ps, i++, refill == null ? null : refill.uses());
    setLong(ps, i++, refill == null ? null : refill.period().toSeconds() * 1_000_000L);
    setLong(ps, i++, refill == null ? null : Codec.micros(refill.periodStart()));
    ps.setString(i, rateLimits(access.rateLimits()));
  }

  static TokenRecord read(ResultSet rs) throws SQLException {
    byte[] secretHash = rs.getBytes("secret_hash");
    byte[] previousHash = rs.getBytes("previous_hash");
    byte[] sealed = rs.getBytes("sealed_secret");
    return TokenRecord.builder()
        .id(TokenId.of(rs.getString("id")))
        .kind(TokenKind.valueOf(rs.getString("kind")))
        .name(rs.getString("name"))
        .description(rs.getString("description"))
        .ownerId(rs.getString("owner_id"))
        .secret(secretHash == null ? null : HashedSecret.of(rs.getInt("secret_pepper"), secretHash))
        .sealedSecret(sealed == null ? null : SensitiveBytes.of(sealed))
        .previousSecret(
            previousHash == null
                ? null
                : HashedSecret.of(rs.getInt("previous_pepper"), previousHash),
            Codec.instant(nullableLong(rs, "previous_valid_until")))
        .access(
            TokenAccess.fullAccess()
                .withMode(
                    AccessMode.valueOf(rs.getString("access_mode")),
                    Codec.list(rs.getString("scopes")))
                .withRootNodes(Codec.list(rs.getString("root_nodes")))
                .withAllowedOrigins(Codec.list(rs.getString("allowed_origins")))
                .withAllowedCidrs(Codec.list(rs.getString("allowed_cidrs")))
                .withRestrictedUser(rs.getString("restricted_user"))
                .withRateLimits(rateLimits(rs.getString("rate_limits"))))
        .attributes(Codec.map(rs.getString("attributes")))
        .enabled(rs.getBoolean("enabled"))
        .createdAt(Codec.instant(rs.getLong("created_at")))
        .updatedAt(Codec.instant(rs.getLong("updated_at")))
        .expiresAt(Codec.instant(nullableLong(rs, "expires_at")))
        .lastUsedAt(Codec.instant(nullableLong(rs, "last_used_at")))
        .revokedAt(Codec.instant(nullableLong(rs, "revoked_at")))
        .version(rs.getLong("version"))
        .tenant(rs.getString("tenant"))
        .ownerKind(OwnerKind.valueOf(rs.getString("owner_kind")))
        .jwtIssuedAt(Codec.instant(nullableLong(rs, "jwt_issued_at")))
        .expiryNoticeFor(Codec.instant(nullableLong(rs, "expiry_notice_for")))
        .remainingUses(nullableLong(rs, "remaining_uses"))
        .usesRefill(refill(rs))
        .build();
  }

  private static String rateLimits(List<RateLimit> limits) {
    StringJoiner text = new StringJoiner(",");
    limits.forEach(limit -> text.add(limit.toString()));
    return text.toString();
  }

  private static List<RateLimit> rateLimits(@Nullable String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    return Arrays.stream(text.split(",", -1)).map(RateLimit::parse).toList();
  }

  private static @Nullable UseRefill refill(ResultSet rs) throws SQLException {
    Long uses = nullableLong(rs, "uses_refill");
    Long period = nullableLong(rs, "uses_refill_period");
    Long start = nullableLong(rs, "uses_refill_start");
    return uses == null || period == null || start == null
        ? null
        : UseRefill.of(uses, Duration.ofSeconds(period / 1_000_000L), Codec.instant(start));
  }

  private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static @Nullable Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static void setString(PreparedStatement ps, int i, @Nullable String v)
      throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, v);
    }
  }

  private static void setBytes(PreparedStatement ps, int i, @Nullable SensitiveBytes v)
      throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.VARBINARY);
    } else {
      ps.setBytes(i, v.toByteArray());
    }
  }

  private static void setInt(PreparedStatement ps, int i, @Nullable Integer v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setInt(i, v);
    }
  }

  private static void setLong(PreparedStatement ps, int i, @Nullable Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }
}

package dev.tokenkit.store.jdbc;

import dev.tokenkit.store.jdbc.internal.Codec;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The SELECT behind {@link JdbcTokenStore#list}: a filter's criteria as SQL, with its parameters
 * (strings and longs) in order. Arguments are checked by the caller.
 */
final class ListQuery {

  private final StringBuilder sql;
  private final List<Object> params = new ArrayList<>();

  private ListQuery(String table) {
    this.sql = new StringBuilder("SELECT " + TokenRows.COLUMNS + " FROM " + table + " WHERE 1 = 1");
  }

  /**
   * At most {@code rows} records of {@code table} matching {@code filter}, after {@code cursor}.
   */
  static ListQuery of(String table, TokenFilter filter, @Nullable String cursor, int rows) {
    ListQuery q = new ListQuery(table);
    if (cursor != null) {
      q.where(" AND id > ?", cursor);
    }
    if (filter.restrictsTenant()) {
      String tenant = filter.tenant().orElse(null);
      if (tenant == null) {
        q.sql.append(" AND tenant IS NULL");
      } else {
        q.where(" AND tenant = ?", tenant);
      }
    }
    filter.ownerId().ifPresent(owner -> q.where(" AND owner_id = ?", owner));
    filter.kind().ifPresent(kind -> q.where(" AND kind = ?", kind.name()));
    Optional<TokenState> state = filter.state();
    if (state.isPresent()) {
      long asOf = Codec.micros(filter.asOf().orElseThrow());
      switch (state.get()) {
        case REVOKED -> q.sql.append(" AND revoked_at IS NOT NULL");
        case DISABLED -> q.sql.append(" AND revoked_at IS NULL AND enabled = FALSE");
        case EXPIRED ->
            q.where(
                " AND revoked_at IS NULL AND enabled = TRUE AND expires_at IS NOT NULL"
                    + " AND expires_at <= ?",
                asOf);
        case ACTIVE ->
            q.where(
                " AND revoked_at IS NULL AND enabled = TRUE AND (expires_at IS NULL"
                    + " OR expires_at > ?)",
                asOf);
      }
    }
    q.sql.append(" ORDER BY id LIMIT ").append(rows);
    return q;
  }

  private void where(String condition, Object param) {
    sql.append(condition);
    params.add(param);
  }

  String sql() {
    return sql.toString();
  }

  /** The parameters in order: each a {@code String} or a {@code Long}. */
  List<Object> params() {
    return params;
  }
}

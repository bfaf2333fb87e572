package dev.tokenkit.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.tokenkit.store.spi.DuplicateTokenException;
import dev.tokenkit.store.spi.StaleTokenException;
import dev.tokenkit.store.spi.TokenFilter;
import dev.tokenkit.store.spi.TokenId;
import dev.tokenkit.store.spi.TokenPage;
import dev.tokenkit.store.spi.TokenRecord;
import dev.tokenkit.store.spi.TokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.quicktheories.core.Gen;

/**
 * A plain sorted-map model of the {@link TokenStore} contract, and random command sequences run
 * against both. After every command the outcomes (value or exception type) must agree, and so must
 * the full contents.
 */
final class StoreModel {

  private static final String[] NAMES = {
    "alpha", "Alpha", "beta", "BETA ", "gamma", "Δelta", "δELTA"
  };
  private static final int IDS = 5;

  private final TreeMap<TokenId, TokenRecord> records = new TreeMap<>();

  private StoreModel() {}

  /** One operation with small arguments: picking from small pools makes clashes likely. */
  static final class Command {
    final Op op;
    final int id;
    final int arg;

    Command(Op op, int id, int arg) {
      this.op = op;
      this.id = id;
      this.arg = arg;
    }

    @Override
    public String toString() {
      return op + "(id" + id + ", " + arg + ")";
    }
  }

  enum Op {
    CREATE,
    RENAME,
    STALE_UPDATE,
    DELETE,
    FIND,
    FIND_BY_NAME,
    LIST,
    RECORD_USAGE,
    DELETE_EXPIRED
  }

  static Gen<List<Command>> commandSequences() {
    Gen<Command> command =
        integers()
            .between(0, Op.values().length - 1)
            .zip(
                integers().between(0, IDS - 1),
                integers().between(0, 20),
                (op, id, arg) -> new Command(Op.values()[op], id, arg));
    return lists().of(command).ofSizeBetween(1, 40);
  }

  static void run(TokenStore store, List<Command> commands) {
    StoreModel model = new StoreModel();
    for (Command c : commands) {
      Object expected = model.expect(c);
      Object actual = apply(store, c);
      // TokenRecord.equals compares every field, also inside Optional and List outcomes.
      assertThat(actual).as("outcome of %s in %s", c, commands).isEqualTo(expected);
      if (c.op == Op.RECORD_USAGE) {
        // Whether recordUsage bumps the version is up to the store: follow the store.
        model.syncVersion(store, TokenStoreContract.id(c.id));
      }
      assertThat(contents(store))
          .as("contents after %s in %s", c, commands)
          .isEqualTo(new ArrayList<>(model.records.values()));
    }
  }

  private static Object apply(TokenStore store, Command c) {
    TokenId id = TokenStoreContract.id(c.id);
    try {
      return switch (c.op) {
        case CREATE -> store.create(newRecord(c));
        case RENAME -> {
          Optional<TokenRecord> current = store.find(id);
          yield current.isEmpty()
              ? store.update(newRecord(c).toBuilder().version(c.arg).build())
              : store.update(current.get().toBuilder().name(name(c.arg)).build());
        }
        case STALE_UPDATE -> {
          Optional<TokenRecord> current = store.find(id);
          long version = current.map(r -> r.version() + 1 + c.arg % 3).orElse((long) c.arg);
          yield store.update(newRecord(c).toBuilder().version(version).build());
        }
        case DELETE -> store.delete(id);
        case FIND -> store.find(id);
        case FIND_BY_NAME -> store.findByName(name(c.arg));
        case LIST -> store.list(TokenFilter.all(), null, 1 + c.arg % 4).items();
        case RECORD_USAGE -> {
          store.recordUsage(Map.of(id, at(c)));
          yield "ok";
        }
        case DELETE_EXPIRED -> store.deleteExpired(at(c));
      };
    } catch (DuplicateTokenException e) {
      return e.getClass().getSimpleName() + "(" + e.field() + ")";
    } catch (StaleTokenException e) {
      return e.getClass().getSimpleName();
    }
  }

  /** The model's outcome of {@code c}. */
  private Object expect(Command c) {
    TokenId id = TokenStoreContract.id(c.id);
    return switch (c.op) {
      case CREATE -> {
        TokenRecord r = newRecord(c);
        if (records.containsKey(id)) {
          yield "DuplicateTokenException(ID)";
        }
        if (holderOf(r.nameKey()) != null) {
          yield "DuplicateTokenException(NAME)";
        }
        records.put(id, r);
        yield r;
      }
      case RENAME -> {
        TokenRecord current = records.get(id);
        if (current == null) {
          yield "StaleTokenException";
        }
        TokenRecord renamed = current.toBuilder().name(name(c.arg)).build();
        TokenId holder = holderOf(renamed.nameKey());
        if (holder != null && !holder.equals(id)) {
          yield "DuplicateTokenException(NAME)";
        }
        TokenRecord stored = renamed.toBuilder().version(current.version() + 1).build();
        records.put(id, stored);
        yield stored;
      }
      case STALE_UPDATE -> "StaleTokenException";
      case DELETE -> records.remove(id) != null;
      case FIND -> Optional.ofNullable(records.get(id));
      case FIND_BY_NAME -> {
        TokenId holder = holderOf(TokenRecord.nameKey(name(c.arg)));
        yield Optional.ofNullable(holder == null ? null : records.get(holder));
      }
      case LIST ->
          List.copyOf(records.values()).subList(0, Math.min(records.size(), 1 + c.arg % 4));
      case RECORD_USAGE -> {
        TokenRecord current = records.get(id);
        if (current != null
            && current.lastUsedAt().map(seen -> seen.isBefore(at(c))).orElse(true)) {
          records.put(id, current.toBuilder().lastUsedAt(at(c)).build());
        }
        yield "ok";
      }
      case DELETE_EXPIRED -> {
        int before = records.size();
        records.values().removeIf(r -> r.isExpiredAt(at(c)));
        yield before - records.size();
      }
    };
  }

  /** The instant a usage or purge command uses: around NOW, before and after. */
  private static Instant at(Command c) {
    return TokenStoreContract.NOW.plusSeconds(c.arg - 10);
  }

  private void syncVersion(TokenStore store, TokenId id) {
    TokenRecord modelRecord = records.get(id);
    Optional<TokenRecord> stored = store.find(id);
    if (modelRecord != null && stored.isPresent()) {
      records.put(id, modelRecord.toBuilder().version(stored.get().version()).build());
    }
  }

  private @Nullable TokenId holderOf(String nameKey) {
    for (TokenRecord r : records.values()) {
      if (r.nameKey().equals(nameKey)) {
        return r.id();
      }
    }
    return null;
  }

  /** A fresh record for {@code c}: expiry and name vary with the argument. */
  private static TokenRecord newRecord(Command c) {
    return TokenStoreContract.record(TokenStoreContract.id(c.id), name(c.arg)).toBuilder()
        .expiresAt(c.arg % 2 == 0 ? null : TokenStoreContract.NOW.plusSeconds(c.arg - 10))
        .build();
  }

  private static String name(int arg) {
    return NAMES[arg % NAMES.length];
  }

  private static List<TokenRecord> contents(TokenStore store) {
    List<TokenRecord> all = new ArrayList<>();
    String cursor = null;
    do {
      TokenPage page = store.list(TokenFilter.all(), cursor, TokenStore.MAX_PAGE_SIZE);
      all.addAll(page.items());
      cursor = page.nextCursor().orElse(null);
    } while (cursor != null);
    return all;
  }
}

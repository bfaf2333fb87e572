package dev.tokenkit.store.spi;

/**
 * Thrown by {@link TokenStore#create} and {@link TokenStore#update} when another token already has
 * the same id or (case-insensitively) the same name. Nothing was written.
 */
public final class DuplicateTokenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Which unique field clashed. */
  public enum Field {
    /** The token id. */
    ID,
    /** The token name (compared by {@link TokenRecord#nameKey(String)}). */
    NAME
  }

  private final Field field;

  /**
   * @param field the field that clashed
   * @param value the clashing value (an id or a name; never secret material)
   */
  public DuplicateTokenException(Field field, String value) {
    super("a token with this " + (field == Field.ID ? "id" : "name") + " already exists: " + value);
    this.field = field;
  }

  /** Which unique field clashed. */
  public Field field() {
    return field;
  }
}

package dev.eventstack.contract;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Bodies of the {@link Addresses.Books} requests and of {@code book.changed}.
 *
 * <ul>
 *   <li>{@code books.list}: {@code {"skip", "limit" (0 = all), "sort"?: field, "desc"?: bool}} →
 *       {@code {"books": [...]}}
 *   <li>{@code books.get}: {@code {"id"}} → {@code {"book"}}, or NOT_FOUND
 *   <li>{@code books.create}: {@code {"book"}} (with or without an id) → {@code {"id"}}, or
 *       CONFLICT for an id in use
 *   <li>{@code books.replace}: {@code {"id", "book"}} → {@code {"id"}}, or NOT_FOUND; it sets the
 *       fields given and keeps the others, as seed 001's {@code $set} did (a null one is removed)
 *   <li>{@code books.delete}: {@code {"id"}} → {@code {"id"}}, or NOT_FOUND
 *   <li>{@code book.changed}: {@code {"change": "created"|"updated"|"deleted", "id", "book"?}}
 * </ul>
 *
 * A book is {@code {"id", "title", "author", "year"?, "score"?, "read"}}, as in seed 001; its JSON
 * Schema is {@link #SCHEMA_RESOURCE}. A body from a client is read by {@link #fromClient} before
 * the schema checks it. In {@code books.create} and {@code books.replace}, a {@code "score": null}
 * means "not scored": the book is stored without a score.
 */
public final class BookMessages {

  private BookMessages() {}

  public static final String SCHEMA_RESOURCE = "schemas/book-v1.json";

  public static final String BOOK = "book";
  public static final String BOOKS = "books";
  public static final String CHANGE = "change";
  public static final String ID = "id";
  public static final String TITLE = "title";
  public static final String AUTHOR = "author";
  public static final String YEAR = "year";
  public static final String SCORE = "score";
  public static final String READ = "read";
  public static final String SKIP = "skip";
  public static final String LIMIT = "limit";
  public static final String SORT = "sort";
  public static final String DESC = "desc";

  /** The fields of a book, in table order; the only ones a list may sort on. */
  public static final List<String> FIELDS = List.of(ID, TITLE, AUTHOR, YEAR, SCORE, READ);

  /** The score seed 001's client sends until the user gives one: "not scored". */
  public static final int NOT_SCORED = -1;

  /** Longer strings are no number a book field takes, and are left for the schema to refuse. */
  private static final int MAX_NUMERIC_TEXT = 32;

  /** A JSON number written as a string, the way an HTML number input hands it over. */
  private static final Pattern NUMERIC_TEXT =
      Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

  /**
   * A book as seed 001's own client sends it, read the way that seed's server stored it: its Vue
   * form's inputs give numbers as strings ({@code "score":"7"}), and its score starts at {@value
   * #NOT_SCORED} until the user picks one. So a numeric string in {@code score} or {@code year} is
   * read as the number, and a score of -1 (or {@code "-1"}) becomes {@code null}, "not scored".
   * Everything else is left as sent, for the schema to judge: {@code "seven"} or {@code "7.5"} is
   * still refused there, naming the field.
   *
   * @return a copy of {@code body}, which is left as it is
   */
  public static JsonObject fromClient(JsonObject body) {
    JsonObject book = body.copy();
    for (String field : List.of(YEAR, SCORE)) {
      if (book.getValue(field) instanceof String text
          && text.length() <= MAX_NUMERIC_TEXT
          && NUMERIC_TEXT.matcher(text).matches()) {
        book.put(field, number(new BigDecimal(text)));
      }
    }
    if (book.getValue(SCORE) instanceof Number score && score.doubleValue() == NOT_SCORED) {
      book.putNull(SCORE);
    }
    return book;
  }

  /** An integer when the decimal is one that fits a long, else a double. */
  private static Number number(BigDecimal decimal) {
    try {
      return decimal.longValueExact();
    } catch (ArithmeticException notAnInteger) {
      return decimal.doubleValue();
    }
  }

  public static JsonObject byId(String id) {
    return new JsonObject().put(ID, id);
  }

  public static JsonObject withBook(String id, JsonObject book) {
    return new JsonObject().put(ID, id).put(BOOK, book);
  }

  public static JsonObject changed(String change, String id, JsonObject book) {
    JsonObject event = new JsonObject().put(CHANGE, change).put(ID, id);
    return book == null ? event : event.put(BOOK, book);
  }
}

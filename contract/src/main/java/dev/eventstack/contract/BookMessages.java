package dev.eventstack.contract;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Bodies of the {@link Addresses.Books} requests and of {@code book.changed}.
 *
 * <ul>
 *   <li>{@code books.list}: {@code {"skip", "limit" (0 = all), "sort"?: field, "desc"?: bool}} →
 *       {@code {"books": [...]}}
 *   <li>{@code books.get}: {@code {"id"}} → {@code {"book"}}, or NOT_FOUND
 *   <li>{@code books.create}: {@code {"book"}} (with or without an id) → {@code {"id"}}, or
 *       CONFLICT for an id in use
 *   <li>{@code books.replace}: {@code {"id", "book"}} → {@code {"id"}}, or NOT_FOUND
 *   <li>{@code books.delete}: {@code {"id"}} → {@code {"id"}}, or NOT_FOUND
 *   <li>{@code book.changed}: {@code {"change": "created"|"updated"|"deleted", "id", "book"?}}
 * </ul>
 *
 * A book is {@code {"id", "title", "author", "year"?, "score"?, "read"}}, as in seed 001; its JSON
 * Schema is {@link #SCHEMA_RESOURCE}.
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

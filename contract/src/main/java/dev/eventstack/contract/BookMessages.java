package dev.eventstack.contract;

import java.util.List;

/**
 * Bodies of the {@link Addresses.Books} requests.
 *
 * <ul>
 *   <li>{@code books.list}: {@code {"skip", "limit" (0 = all), "sort"?: field, "desc"?: bool}} →
 *       {@code {"books": [...]}}
 * </ul>
 *
 * A book is {@code {"id", "title", "author", "year"?, "score"?, "read"}}, as in seed 001.
 */
public final class BookMessages {

  private BookMessages() {}

  public static final String BOOKS = "books";
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
}

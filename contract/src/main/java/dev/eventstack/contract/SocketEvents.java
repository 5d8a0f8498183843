package dev.eventstack.contract;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What the {@code /sockets/*} channels send for each domain event, in both formats, defined once.
 * Each method takes the body of a domain event ({@link Addresses.Events}) and gives its frames: the
 * text frames ({@link SocketMessages#FORMAT_TEXT}, the seeds' own messages) and the JSON event
 * ({@link SocketMessages#FORMAT_JSON}, {@code {"event": NAME, …}}).
 *
 * <p>The beers channel's text frames are seed 003's, byte for byte. Its README shows what its tap
 * client logged for each beer, two messages: {@code Beer 4 added to the collection}, then {@code
 * Tap with id 2 posted a new beer!}. After every tenth beer it sent a JSON object, the shares of
 * the taps in the order each tap poured its first beer, then the total, written by Python's {@code
 * json.dumps}: {@code {"tap 2": "60.0%", "tap 1": "30.0%", "tap 3": "10.0%", "total beers": 10}}
 * (see {@link #seedStatistics}).
 *
 * <table>
 *   <caption>The public frames, by channel</caption>
 *   <tr><th>channel<th>text<th>JSON
 *   <tr><td>beers<td>{@code Beer N added to the collection}, then {@code Tap with id T posted a new
 *       beer!}
 *       <td>{@code {"event":"beer.added","beer":{…}}}
 *   <tr><td>beers<td>{@code Beer N deleted from the collection}
 *       <td>{@code {"event":"beer.deleted","id":N}}
 *   <tr><td>beers<td>{@code {"tap T": "P%", …, "total beers": N}}
 *       <td>{@code {"event":"stats","total":N,"taps":{T:P},"types":{…}}}
 *   <tr><td>tasks<td>{@code Task ID created|replaced|deleted}
 *       <td>{@code {"event":"task.created|replaced|deleted","id":ID,"task"?:{…}}}
 *   <tr><td>books<td>{@code Book ID created|updated|deleted}
 *       <td>{@code {"change":…,"id":ID,"book"?:{…},"event":"book.changed"}}
 *   <tr><td>jobs<td>{@code Job ID (TYPE) STATUS, attempt A/M}
 *       <td>{@code {"event":"job.changed","job":{…}}}
 * </table>
 *
 * <p>A beer's frames carry the tap that poured it ({@link Frames#tapId}): a socket that said it is
 * that tap does not get them (seed 003's wish, "it should not notify the tap that has triggered the
 * operation").
 */
public final class SocketEvents {

  private SocketEvents() {}

  /** The {@code "event"} member of every JSON frame. */
  public static final String EVENT = "event";

  public static final String BEER_ADDED = "beer.added";
  public static final String BEER_DELETED = "beer.deleted";
  public static final String STATS = "stats";
  public static final String BOOK_CHANGED = "book.changed";
  public static final String JOB_CHANGED = "job.changed";

  /** A task event's name is this prefix and the change: {@code task.created}, … */
  public static final String TASK_PREFIX = "task.";

  /**
   * One event's frames, each encoded once: the text frames, sent in order, and the JSON frame.
   *
   * @param tapId the tap whose beer the event announces, as its decimal text; null for every other
   *     event
   */
  public record Frames(String channel, List<String> texts, String json, String tapId) {

    public Frames {
      texts = List.copyOf(texts);
    }

    Frames(String channel, String text, String json) {
      this(channel, List.of(text), json, null);
    }

    /** The frames, in order, for sockets that asked for {@code format}. */
    public List<String> in(String format) {
      return SocketMessages.FORMAT_JSON.equals(format) ? List.of(json) : texts;
    }
  }

  /** From a {@link Addresses.Events#BEER_ADDED} body, {@code {"beer"}}. */
  public static Frames beerAdded(JsonObject event) {
    JsonObject beer = event.getJsonObject(BeerMessages.BEER);
    long tapId = beer.getLong(BeerMessages.TAP_ID);
    List<String> texts =
        List.of(
            "Beer " + beer.getLong(BeerMessages.ID) + " added to the collection",
            "Tap with id " + tapId + " posted a new beer!");
    String json = new JsonObject().put(EVENT, BEER_ADDED).put(BeerMessages.BEER, beer).encode();
    return new Frames(SocketMessages.CHANNEL_BEERS, texts, json, String.valueOf(tapId));
  }

  /** From a {@link Addresses.Events#BEER_DELETED} body, {@code {"id"}}. */
  public static Frames beerDeleted(JsonObject event) {
    long id = event.getLong(BeerMessages.ID);
    String json = new JsonObject().put(EVENT, BEER_DELETED).put(BeerMessages.ID, id).encode();
    return new Frames(
        SocketMessages.CHANNEL_BEERS, "Beer " + id + " deleted from the collection", json);
  }

  /** From a {@link Addresses.Events#BEER_STATS} body, the stats object of {@link BeerMessages}. */
  public static Frames beerStats(JsonObject stats) {
    String json = new JsonObject().put(EVENT, STATS).mergeIn(stats).encode();
    return new Frames(SocketMessages.CHANNEL_BEERS, seedStatistics(stats), json);
  }

  /**
   * Seed 003's statistics message: {@code {"tap T": "P%", …, "total beers": N}}, the taps in the
   * stats object's order (first pour first), as Python's {@code json.dumps} writes a dict: {@code
   * ", "} and {@code ": "} between the parts.
   */
  static String seedStatistics(JsonObject stats) {
    StringJoiner parts = new StringJoiner(", ", "{", "}");
    for (Map.Entry<String, Object> tap : stats.getJsonObject(BeerMessages.TAPS)) {
      double share = ((Number) tap.getValue()).doubleValue();
      parts.add(Json.encode("tap " + tap.getKey()) + ": " + Json.encode(pythonShare(share) + "%"));
    }
    parts.add("\"total beers\": " + stats.getLong(BeerMessages.TOTAL));
    return parts.toString();
  }

  /**
   * A share already rounded to two decimals ({@link BeerMessages#share}), as Python's {@code str}
   * writes that float: the shortest decimal that reads back as it, with at least one digit after
   * the point ({@code 60.0}, {@code 33.33}, {@code 12.5}, {@code 100.0}).
   */
  static String pythonShare(double share) {
    BigDecimal decimal =
        new BigDecimal(share).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return (decimal.scale() <= 0 ? decimal.setScale(1) : decimal).toPlainString();
  }

  /** From a {@link Addresses.Events#TASK_CHANGED} body, {@code {"change", "id", "task"?}}. */
  public static Frames taskChanged(JsonObject change) {
    String id = change.getString(TaskMessages.ID);
    String kind = change.getString(TaskMessages.CHANGE);
    JsonObject json = new JsonObject().put(EVENT, TASK_PREFIX + kind).put(TaskMessages.ID, id);
    if (change.containsKey(TaskMessages.TASK)) {
      json.put(TaskMessages.TASK, change.getJsonObject(TaskMessages.TASK));
    }
    return new Frames(SocketMessages.CHANNEL_TASKS, "Task " + id + " " + kind, json.encode());
  }

  /** From a {@link Addresses.Events#BOOK_CHANGED} body, {@code {"change", "id", "book"?}}. */
  public static Frames bookChanged(JsonObject change) {
    String text =
        "Book " + change.getString(BookMessages.ID) + " " + change.getString(BookMessages.CHANGE);
    String json = change.copy().put(EVENT, BOOK_CHANGED).encode();
    return new Frames(SocketMessages.CHANNEL_BOOKS, text, json);
  }

  /** From a {@link Addresses.Events#JOB_CHANGED} body, {@code {"job"}}. */
  public static Frames jobChanged(JsonObject event) {
    JsonObject job = event.getJsonObject(JobMessages.JOB);
    String text =
        "Job "
            + job.getString(JobMessages.ID)
            + " ("
            + job.getString(JobMessages.TYPE)
            + ") "
            + job.getString(JobMessages.STATUS)
            + ", attempt "
            + job.getInteger(JobMessages.ATTEMPTS)
            + "/"
            + job.getInteger(JobMessages.MAX_ATTEMPTS);
    String json = new JsonObject().put(EVENT, JOB_CHANGED).put(JobMessages.JOB, job).encode();
    return new Frames(SocketMessages.CHANNEL_JOBS, text, json);
  }
}

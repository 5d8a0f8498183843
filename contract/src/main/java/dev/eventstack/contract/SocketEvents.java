package dev.eventstack.contract;

import io.vertx.core.json.JsonObject;
import java.util.StringJoiner;

/**
 * What the {@code /sockets/*} channels send for each domain event, in both formats, defined once.
 * Each method takes the body of a domain event ({@link Addresses.Events}) and gives its two frames:
 * the human-readable text ({@link SocketMessages#FORMAT_TEXT}, the seeds' lines) and the JSON event
 * ({@link SocketMessages#FORMAT_JSON}, {@code {"event": NAME, …}}).
 *
 * <table>
 *   <caption>The public frames, by channel</caption>
 *   <tr><th>channel<th>text<th>JSON
 *   <tr><td>beers<td>{@code Tap with id T posted a new beer (id: N)!}
 *       <td>{@code {"event":"beer.added","beer":{…}}}
 *   <tr><td>beers<td>{@code Beer N deleted from the collection}
 *       <td>{@code {"event":"beer.deleted","id":N}}
 *   <tr><td>beers<td>{@code Statistics: N beers; tap T P%, …; half n, pint n, stein n}
 *       <td>{@code {"event":"stats","total":N,"taps":{T:P},"types":{…}}}
 *   <tr><td>tasks<td>{@code Task ID created|replaced|deleted}
 *       <td>{@code {"event":"task.created|replaced|deleted","id":ID,"task"?:{…}}}
 *   <tr><td>books<td>{@code Book ID created|updated|deleted}
 *       <td>{@code {"change":…,"id":ID,"book"?:{…},"event":"book.changed"}}
 *   <tr><td>jobs<td>{@code Job ID (TYPE) STATUS, attempt A/M}
 *       <td>{@code {"event":"job.changed","job":{…}}}
 * </table>
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

  /** One event's frames: the same event in each format, each encoded once. */
  public record Frames(String channel, String text, String json) {

    /** The frame for sockets that asked for {@code format}. */
    public String in(String format) {
      return SocketMessages.FORMAT_JSON.equals(format) ? json : text;
    }
  }

  /** From a {@link Addresses.Events#BEER_ADDED} body, {@code {"beer"}}. */
  public static Frames beerAdded(JsonObject event) {
    JsonObject beer = event.getJsonObject(BeerMessages.BEER);
    String text =
        "Tap with id "
            + beer.getLong(BeerMessages.TAP_ID)
            + " posted a new beer (id: "
            + beer.getLong(BeerMessages.ID)
            + ")!";
    String json = new JsonObject().put(EVENT, BEER_ADDED).put(BeerMessages.BEER, beer).encode();
    return new Frames(SocketMessages.CHANNEL_BEERS, text, json);
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
    StringJoiner taps = new StringJoiner(", ");
    stats
        .getJsonObject(BeerMessages.TAPS)
        .forEach(e -> taps.add("tap " + e.getKey() + " " + e.getValue() + "%"));
    StringJoiner types = new StringJoiner(", ");
    stats
        .getJsonObject(BeerMessages.TYPES)
        .forEach(e -> types.add(e.getKey() + " " + e.getValue()));
    String text =
        "Statistics: " + stats.getLong(BeerMessages.TOTAL) + " beers; " + taps + "; " + types;
    String json = new JsonObject().put(EVENT, STATS).mergeIn(stats).encode();
    return new Frames(SocketMessages.CHANNEL_BEERS, text, json);
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

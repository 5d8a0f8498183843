package dev.eventstack.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Bodies of {@link Addresses.Sockets}: {@code {"channel", "format", "writeAddress", "socket",
 * "remote"}} for OPENED, {@code {"writeAddress", "socket"}} for CLOSED.
 *
 * <p>The write address is the outbox, on the local bus, of the http-verticle instance that holds
 * the socket, and {@code socket} is the socket's id there. A {@link #delivery} sent to an outbox,
 * {@code {"text", "sockets": [id, …]}}, goes out as one text frame to each listed socket: one bus
 * message per instance and event, not one per socket.
 */
public final class SocketMessages {

  private SocketMessages() {}

  public static final String CHANNEL = "channel";
  public static final String FORMAT = "format";
  public static final String WRITE_ADDRESS = "writeAddress";
  public static final String REMOTE = "remote";
  public static final String SOCKET = "socket";
  public static final String SOCKETS = "sockets";
  public static final String TEXT = "text";

  /** {@code /sockets/tasks}: every change of a task. */
  public static final String CHANNEL_TASKS = "tasks";

  /** {@code /sockets/beers}: beers added and deleted, and the statistics. */
  public static final String CHANNEL_BEERS = "beers";

  /** {@code /sockets/jobs}: every change of a queued job's status. */
  public static final String CHANNEL_JOBS = "jobs";

  /** {@code /sockets/books}: every change of a book, for the live web UI. */
  public static final String CHANNEL_BOOKS = "books";

  public static final Set<String> CHANNELS =
      Set.of(CHANNEL_TASKS, CHANNEL_BEERS, CHANNEL_JOBS, CHANNEL_BOOKS);

  /**
   * The channels that need a token when auth is on: the same feeds as {@link
   * Addresses.Bridge#OUTBOUND_WITH_TOKEN} on the bridges.
   */
  public static final Set<String> TOKEN_CHANNELS = Set.of(CHANNEL_BEERS, CHANNEL_JOBS);

  /** Human-readable lines, as the seed servers send them. */
  public static final String FORMAT_TEXT = "text";

  /** One JSON event per frame: {@code {"event": …}}. */
  public static final String FORMAT_JSON = "json";

  public static final Set<String> FORMATS = Set.of(FORMAT_TEXT, FORMAT_JSON);

  public static JsonObject opened(
      String channel, String format, String writeAddress, String socket, String remote) {
    return new JsonObject()
        .put(CHANNEL, channel)
        .put(FORMAT, format)
        .put(WRITE_ADDRESS, writeAddress)
        .put(SOCKET, socket)
        .put(REMOTE, remote);
  }

  public static JsonObject closed(String writeAddress, String socket) {
    return new JsonObject().put(WRITE_ADDRESS, writeAddress).put(SOCKET, socket);
  }

  /** One text for the listed sockets of one outbox. */
  public static JsonObject delivery(String text, JsonArray sockets) {
    return new JsonObject().put(TEXT, text).put(SOCKETS, sockets);
  }
}
